package io.wsgate.gateway.proxy;

/**
 * Strict parsing of textual IP addresses, without name resolution: IPv4 as exactly four decimal
 * numbers 0–255 without leading zeros (so "010" is never read as octal), IPv6 as up to eight
 * groups of 1–4 hex digits with at most one "::". Used for PROXY v1 addresses and for the CIDRs
 * of {@code server.trustedProxies}; {@code InetAddress.getByName} would also accept host names.
 */
public final class IpLiterals {

  private static final int IPV4_PARTS = 4;
  private static final int IPV6_GROUPS = 8;
  private static final int MAX_OCTET = 255;
  private static final int MAX_HEX_DIGITS = 4;

  private IpLiterals() {
  }

  /** The 4 bytes of a dotted-decimal IPv4 address, or null when {@code text} is not one. */
  public static byte[] ipv4(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != IPV4_PARTS) {
      return null;
    }
    byte[] out = new byte[IPV4_PARTS];
    for (int i = 0; i < IPV4_PARTS; i++) {
      int value = decimal(parts[i], 3);
      if (value < 0 || value > MAX_OCTET) {
        return null;
      }
      out[i] = (byte) value;
    }
    return out;
  }

  /** The 16 bytes of an IPv6 address in hex-and-colons form, or null when {@code text} is not one. */
  public static byte[] ipv6(String text) {
    int gap = text.indexOf("::");
    if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
      return null;
    }
    int[] head = gap >= 0 ? groups(text.substring(0, gap)) : groups(text);
    int[] tail = gap >= 0 ? groups(text.substring(gap + 2)) : new int[0];
    if (head == null || tail == null) {
      return null;
    }
    int count = head.length + tail.length;
    if (gap >= 0 ? count > IPV6_GROUPS - 1 : count != IPV6_GROUPS) {
      return null;
    }
    byte[] out = new byte[2 * IPV6_GROUPS];
    for (int i = 0; i < head.length; i++) {
      put(out, i, head[i]);
    }
    for (int i = 0; i < tail.length; i++) {
      put(out, IPV6_GROUPS - tail.length + i, tail[i]);
    }
    return out;
  }

  /** A decimal number of 1..maxDigits digits without a leading zero, or -1. */
  static int decimal(String text, int maxDigits) {
    if (text.isEmpty() || text.length() > maxDigits || (text.length() > 1 && text.charAt(0) == '0')) {
      return -1;
    }
    int value = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  /** Colon-separated hex groups; "" is no group; null when a group is empty or not 1–4 hex digits. */
  private static int[] groups(String text) {
    if (text.isEmpty()) {
      return new int[0];
    }
    String[] parts = text.split(":", -1);
    if (parts.length > IPV6_GROUPS) {
      return null;
    }
    int[] out = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i];
      if (part.isEmpty() || part.length() > MAX_HEX_DIGITS) {
        return null;
      }
      int value = 0;
      for (int j = 0; j < part.length(); j++) {
        int digit = Character.digit(part.charAt(j), 16);
        if (digit < 0) {
          return null;
        }
        value = value * 16 + digit;
      }
      out[i] = value;
    }
    return out;
  }

  private static void put(byte[] out, int group, int value) {
    out[2 * group] = (byte) (value >> 8);
    out[2 * group + 1] = (byte) value;
  }
}
