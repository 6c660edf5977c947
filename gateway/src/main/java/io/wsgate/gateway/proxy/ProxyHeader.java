package io.wsgate.gateway.proxy;

import java.net.InetSocketAddress;

/**
 * A complete, valid PROXY protocol header.
 *
 * @param version 1 or 2
 * @param source the client the proxy relays, or null when the header carries no usable address
 *     (v1 {@code UNKNOWN}, v2 {@code LOCAL}, v2 {@code UNSPEC}/{@code AF_UNIX}/datagram): the
 *     connection's own peer is then the address to use
 * @param destination the address the client connected to, or null as for {@code source}
 */
public record ProxyHeader(int version, InetSocketAddress source, InetSocketAddress destination) {

  static ProxyHeader withoutAddresses(int version) {
    return new ProxyHeader(version, null, null);
  }

  /** Whether the header names the client (else keep the TCP peer). */
  public boolean hasAddresses() {
    return source != null;
  }
}
