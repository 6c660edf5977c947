package io.wsgate.gateway.proxy;

/**
 * An IPv4 or IPv6 network in CIDR notation ({@code 10.0.0.0/8}, {@code ::1/128}); a bare address
 * is a network of one. Host bits must be zero, so {@code 10.0.0.1/8} is refused rather than
 * silently widened.
 */
public final class CidrRange {

  private final byte[] network;
  private final int prefixBits;
  private final String text;

  private CidrRange(byte[] network, int prefixBits, String text) {
    this.network = network;
    this.prefixBits = prefixBits;
    this.text = text;
  }

  /** @throws IllegalArgumentException with a one-line reason when {@code text} is not a CIDR */
  public static CidrRange parse(String text) {
    int slash = text.indexOf('/');
    String address = slash < 0 ? text : text.substring(0, slash);
    byte[] network = address.indexOf(':') >= 0 ? IpLiterals.ipv6(address) : IpLiterals.ipv4(address);
    if (network == null) {
      throw new IllegalArgumentException("\"" + text + "\" is not an IPv4 or IPv6 address or CIDR");
    }
    int maxBits = network.length * 8;
    int prefix = slash < 0 ? maxBits : IpLiterals.decimal(text.substring(slash + 1), 3);
    if (prefix < 0 || prefix > maxBits) {
      throw new IllegalArgumentException("\"" + text + "\": prefix length must be 0 to " + maxBits);
    }
    for (int bit = prefix; bit < maxBits; bit++) {
      if (bitAt(network, bit)) {
        throw new IllegalArgumentException("\"" + text + "\": address has bits set after the /" + prefix
            + " prefix");
      }
    }
    return new CidrRange(network, prefix, text);
  }

  /** Whether {@code address} (4 or 16 bytes) is in this network; IPv4 never matches an IPv6 range. */
  public boolean contains(byte[] address) {
    if (address.length != network.length) {
      return false;
    }
    int fullBytes = prefixBits / 8;
    for (int i = 0; i < fullBytes; i++) {
      if (address[i] != network[i]) {
        return false;
      }
    }
    int rest = prefixBits % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xFF << (8 - rest)) & 0xFF;
    return (address[fullBytes] & mask) == (network[fullBytes] & mask);
  }

  private static boolean bitAt(byte[] bytes, int bit) {
    return (bytes[bit / 8] & (0x80 >> (bit % 8))) != 0;
  }

  @Override
  public String toString() {
    return text;
  }
}
