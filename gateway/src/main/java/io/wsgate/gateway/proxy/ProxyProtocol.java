package io.wsgate.gateway.proxy;

import java.nio.charset.StandardCharsets;

/**
 * Wire constants of the PROXY protocol, versions 1 and 2 (haproxy's {@code doc/proxy-protocol.txt}).
 * The parser never uses a bare number from the spec; every one is named here.
 *
 * <p>Version 1 is one line of US-ASCII, at most 107 bytes with its CRLF:
 * <pre>
 *   PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\n
 *   PROXY TCP6 2001:db8::1 2001:db8::11 56324 443\r\n
 *   PROXY UNKNOWN\r\n                     (anything may follow UNKNOWN before the CRLF)
 * </pre>
 *
 * <p>Version 2 is binary, a 16-byte header and a block of {@code length} bytes:
 * <pre>
 *   0                   12        13        14        16
 *   +-------------------+---------+---------+---------+----------------------------+
 *   | signature         | ver|cmd | fam|prt | length  | addresses | TLVs ...       |
 *   | 0D0A0D0A000D0A5155| 2  |0/1 | 0-3|0-2 | (BE 16) | src dst sport dport        |
 *   | 49540A            |         |         |         | (4+4+2+2 or 16+16+2+2)     |
 *   +-------------------+---------+---------+---------+----------------------------+
 * </pre>
 */
final class ProxyProtocol {

  /** Version 1 starts with "PROXY" and exactly one space. */
  static final byte[] V1_PREFIX = "PROXY ".getBytes(StandardCharsets.US_ASCII);
  /** The longest version 1 line a receiver must accept, CRLF included ("PROXY UNKNOWN" with two IPv6 addresses). */
  static final int V1_MAX_LINE_BYTES = 107;
  static final String V1_TCP4 = "TCP4";
  static final String V1_TCP6 = "TCP6";
  static final String V1_UNKNOWN = "UNKNOWN";
  /** PROXY, protocol, source, destination, source port, destination port. */
  static final int V1_TCP_FIELDS = 6;
  static final int PORT_MAX = 65535;
  static final byte CR = '\r';
  static final byte LF = '\n';
  /** Printable US-ASCII, the only bytes allowed in a version 1 line before its CRLF. */
  static final int V1_MIN_CHAR = 0x20;
  static final int V1_MAX_CHAR = 0x7E;

  /** The 12-byte version 2 signature; it contains a NUL, so it is never a string. */
  static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};
  /** Signature, version/command, family/protocol, 16-bit length. */
  static final int V2_HEADER_BYTES = 16;
  static final int V2_VER_CMD_OFFSET = 12;
  static final int V2_FAM_PROTO_OFFSET = 13;
  static final int V2_LENGTH_OFFSET = 14;
  /** High nibble of byte 13: the version, always 2. */
  static final int V2_VERSION = 0x2;
  /** Low nibble of byte 13: the command. LOCAL = a connection of the proxy itself (health check). */
  static final int V2_CMD_LOCAL = 0x0;
  /** PROXY = relayed on behalf of the client in the address block. */
  static final int V2_CMD_PROXY = 0x1;
  /** High nibble of byte 14: the address family. */
  static final int V2_AF_UNSPEC = 0x0;
  static final int V2_AF_INET = 0x1;
  static final int V2_AF_INET6 = 0x2;
  static final int V2_AF_UNIX = 0x3;
  /** Low nibble of byte 14: the transport protocol. */
  static final int V2_PROTO_UNSPEC = 0x0;
  static final int V2_PROTO_STREAM = 0x1;
  static final int V2_PROTO_DGRAM = 0x2;
  static final int IPV4_BYTES = 4;
  static final int IPV6_BYTES = 16;
  static final int PORT_BYTES = 2;
  /** TCP over IPv4: two addresses and two ports. */
  static final int V2_INET_BLOCK_BYTES = 2 * IPV4_BYTES + 2 * PORT_BYTES;
  /** TCP over IPv6: two addresses and two ports. */
  static final int V2_INET6_BLOCK_BYTES = 2 * IPV6_BYTES + 2 * PORT_BYTES;
  /**
   * The largest address-and-TLV block accepted (the wire allows 65535). Addresses take at most
   * 216 bytes (AF_UNIX); what haproxy adds as TLVs (ALPN, authority, unique id up to 128 bytes,
   * SSL details) fits well under this.
   */
  static final int V2_MAX_BLOCK_BYTES = 2048;

  private ProxyProtocol() {
  }

  static int high(int b) {
    return (b >> 4) & 0x0F;
  }

  static int low(int b) {
    return b & 0x0F;
  }
}
