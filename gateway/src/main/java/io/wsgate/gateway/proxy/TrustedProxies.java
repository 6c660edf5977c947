package io.wsgate.gateway.proxy;

import java.util.List;

/**
 * {@code server.trustedProxies}: the peers whose PROXY header is believed. Matched against the
 * TCP peer's address, never against an address taken from a header.
 */
public final class TrustedProxies {

  private final List<CidrRange> ranges;

  public TrustedProxies(List<CidrRange> ranges) {
    this.ranges = List.copyOf(ranges);
  }

  /**
   * Whether the TCP peer {@code hostAddress} (as Vert.x reports it: dotted IPv4, or IPv6 in hex
   * groups, possibly with a {@code %zone}) is a trusted proxy. An IPv4-mapped IPv6 peer
   * ({@code ::ffff:a.b.c.d}) is not matched against IPv4 ranges; Java reports those as IPv4.
   */
  public boolean trusts(String hostAddress) {
    if (hostAddress == null) {
      return false;
    }
    int zone = hostAddress.indexOf('%');
    String bare = zone >= 0 ? hostAddress.substring(0, zone) : hostAddress;
    byte[] address = bare.indexOf(':') >= 0 ? IpLiterals.ipv6(bare) : IpLiterals.ipv4(bare);
    if (address == null) {
      return false;
    }
    for (CidrRange range : ranges) {
      if (range.contains(address)) {
        return true;
      }
    }
    return false;
  }

  public List<CidrRange> ranges() {
    return ranges;
  }
}
