package io.wsgate.gateway.proxy;

import static io.wsgate.gateway.proxy.ProxyProtocol.CR;
import static io.wsgate.gateway.proxy.ProxyProtocol.LF;

import io.vertx.core.buffer.Buffer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads one PROXY protocol header (v1, v2 or either, as {@link ProxyMode} says) off the start of
 * a connection. Push-style and pure: fed each buffer as it arrives, keeps partial bytes, does no
 * I/O and no logging. Checks happen as bytes arrive, in wire order, so anything that is not the
 * expected header fails on its first wrong byte instead of waiting for a timeout.
 *
 * <p>Once a header is returned, or an exception thrown, the parser is finished; the bytes after
 * the header (the WebSocket handshake) are in {@link #remainder()}.
 */
public final class ProxyHeaderParser {

  private enum State { FIRST_BYTE, V1_LINE, V2_HEADER, V2_BLOCK, DONE }

  private final ProxyMode mode;
  private State state = State.FIRST_BYTE;
  /** The v1 line, or the 16-byte v2 header, as far as received. */
  private final byte[] head = new byte[Math.max(ProxyProtocol.V1_MAX_LINE_BYTES, ProxyProtocol.V2_HEADER_BYTES)];
  private int headLength;
  /** The v2 address-and-TLV block, once its length is known. */
  private byte[] block;
  private int blockLength;
  private Buffer remainder = Buffer.buffer();

  /** @param mode which versions to accept; not {@link ProxyMode#OFF} */
  public ProxyHeaderParser(ProxyMode mode) {
    if (mode == ProxyMode.OFF) {
      throw new IllegalArgumentException("no PROXY header is expected with mode off");
    }
    this.mode = mode;
  }

  /**
   * Adds bytes. Returns the header once it is complete, null while more bytes are needed.
   *
   * @throws ProxyHeaderException when the bytes are not a header this parser accepts
   */
  public ProxyHeader feed(Buffer bytes) throws ProxyHeaderException {
    if (state == State.DONE) {
      throw new IllegalStateException("PROXY header parser already finished");
    }
    try {
      int at = 0;
      while (at < bytes.length()) {
        ProxyHeader header;
        if (state == State.V2_BLOCK) {
          int n = Math.min(block.length - blockLength, bytes.length() - at);
          bytes.getBytes(at, at + n, block, blockLength);
          blockLength += n;
          at += n;
          header = blockLength == block.length ? v2Complete() : null;
        } else {
          header = readByte(bytes.getByte(at));
          at++;
        }
        if (header != null) {
          remainder = bytes.getBuffer(at, bytes.length());
          return header;
        }
      }
      return null;
    } catch (ProxyHeaderException e) {
      state = State.DONE;
      throw e;
    }
  }

  /** The bytes received after the header; empty if none. */
  public Buffer remainder() {
    return remainder;
  }

  private ProxyHeader readByte(byte b) throws ProxyHeaderException {
    switch (state) {
      case FIRST_BYTE:
        return firstByte(b);
      case V1_LINE:
        return v1Byte(b);
      case V2_HEADER:
        return v2HeaderByte(b);
      default:
        throw new IllegalStateException(state.name());
    }
  }

  /** "P" starts v1, CR starts v2; anything else is not this protocol. */
  private ProxyHeader firstByte(byte b) throws ProxyHeaderException {
    if (b == ProxyProtocol.V1_PREFIX[0] && mode.acceptsV1()) {
      state = State.V1_LINE;
      return v1Byte(b);
    }
    if (b == ProxyProtocol.V2_SIGNATURE[0] && mode.acceptsV2()) {
      state = State.V2_HEADER;
      return v2HeaderByte(b);
    }
    throw ProxyHeaderException.malformed(switch (mode) {
      case V1 -> "Expected a PROXY protocol v1 header";
      case V2 -> "Expected a PROXY protocol v2 header";
      default -> "Expected a PROXY protocol header";
    });
  }

  // ---- version 1 ------------------------------------------------------------------------------

  private ProxyHeader v1Byte(byte b) throws ProxyHeaderException {
    int index = headLength;
    if (index < ProxyProtocol.V1_PREFIX.length && b != ProxyProtocol.V1_PREFIX[index]) {
      throw ProxyHeaderException.malformed("PROXY v1 line must start with \"PROXY \"");
    }
    byte previous = index > 0 ? head[index - 1] : 0;
    if (previous == CR && b != LF) {
      throw ProxyHeaderException.malformed("PROXY v1 line has a bare CR");
    }
    if (b == LF) {
      if (previous != CR) {
        throw ProxyHeaderException.malformed("PROXY v1 line must end in CRLF");
      }
      state = State.DONE;
      return v1Line(new String(head, 0, index - 1, StandardCharsets.US_ASCII));
    }
    if (b != CR && (b < ProxyProtocol.V1_MIN_CHAR || b > ProxyProtocol.V1_MAX_CHAR)) {
      throw ProxyHeaderException.malformed("PROXY v1 line must be printable US-ASCII");
    }
    if (index + 1 >= ProxyProtocol.V1_MAX_LINE_BYTES) {
      // The 107th byte can only be the LF; anything else means a longer line.
      throw ProxyHeaderException.oversized("PROXY v1 line longer than " + ProxyProtocol.V1_MAX_LINE_BYTES + " bytes");
    }
    head[headLength++] = b;
    return null;
  }

  /** The line without its CRLF: "PROXY TCP4 src dst sport dport", or "PROXY UNKNOWN..." */
  private static ProxyHeader v1Line(String line) throws ProxyHeaderException {
    String[] fields = line.split(" ", -1);
    String protocol = fields.length > 1 ? fields[1] : "";
    if (protocol.equals(ProxyProtocol.V1_UNKNOWN)) {
      // The receiver must ignore anything after UNKNOWN and use the real connection's addresses.
      return ProxyHeader.withoutAddresses(1);
    }
    boolean v4 = protocol.equals(ProxyProtocol.V1_TCP4);
    if (!v4 && !protocol.equals(ProxyProtocol.V1_TCP6)) {
      throw ProxyHeaderException.malformed("PROXY v1 protocol must be TCP4, TCP6 or UNKNOWN");
    }
    if (fields.length != ProxyProtocol.V1_TCP_FIELDS) {
      throw ProxyHeaderException.malformed("PROXY v1 line must have 6 fields separated by single spaces");
    }
    byte[] source = v4 ? IpLiterals.ipv4(fields[2]) : IpLiterals.ipv6(fields[2]);
    byte[] destination = v4 ? IpLiterals.ipv4(fields[3]) : IpLiterals.ipv6(fields[3]);
    if (source == null || destination == null) {
      throw ProxyHeaderException.malformed("PROXY v1 address is not a valid " + (v4 ? "IPv4" : "IPv6") + " address");
    }
    int sourcePort = IpLiterals.decimal(fields[4], 5);
    int destinationPort = IpLiterals.decimal(fields[5], 5);
    if (sourcePort < 0 || sourcePort > ProxyProtocol.PORT_MAX
        || destinationPort < 0 || destinationPort > ProxyProtocol.PORT_MAX) {
      throw ProxyHeaderException.malformed("PROXY v1 port must be 0 to 65535 without leading zeros");
    }
    return new ProxyHeader(1, address(source, sourcePort), address(destination, destinationPort));
  }

  // ---- version 2 ------------------------------------------------------------------------------

  private ProxyHeader v2HeaderByte(byte b) throws ProxyHeaderException {
    int index = headLength;
    head[headLength++] = b;
    if (index < ProxyProtocol.V2_SIGNATURE.length) {
      if (b != ProxyProtocol.V2_SIGNATURE[index]) {
        throw ProxyHeaderException.malformed("PROXY v2 signature mismatch");
      }
    } else if (index == ProxyProtocol.V2_VER_CMD_OFFSET) {
      if (ProxyProtocol.high(b) != ProxyProtocol.V2_VERSION) {
        throw ProxyHeaderException.malformed("PROXY v2 version must be 2");
      }
      int command = ProxyProtocol.low(b);
      if (command != ProxyProtocol.V2_CMD_LOCAL && command != ProxyProtocol.V2_CMD_PROXY) {
        throw ProxyHeaderException.malformed("PROXY v2 command must be LOCAL or PROXY");
      }
    } else if (index == ProxyProtocol.V2_FAM_PROTO_OFFSET) {
      // Checked for LOCAL too: a sender must never emit these values whatever the command.
      if (ProxyProtocol.high(b) > ProxyProtocol.V2_AF_UNIX || ProxyProtocol.low(b) > ProxyProtocol.V2_PROTO_DGRAM) {
        throw ProxyHeaderException.malformed("PROXY v2 address family or protocol is not assigned");
      }
    } else if (index == ProxyProtocol.V2_HEADER_BYTES - 1) {
      return v2Length();
    }
    return null;
  }

  private ProxyHeader v2Length() throws ProxyHeaderException {
    int length = ((head[ProxyProtocol.V2_LENGTH_OFFSET] & 0xFF) << 8) | (head[ProxyProtocol.V2_LENGTH_OFFSET + 1] & 0xFF);
    if (length > ProxyProtocol.V2_MAX_BLOCK_BYTES) {
      throw ProxyHeaderException.oversized("PROXY v2 block longer than " + ProxyProtocol.V2_MAX_BLOCK_BYTES + " bytes");
    }
    if (isProxyCommand() && length < addressBytes()) {
      throw ProxyHeaderException.malformed("PROXY v2 block shorter than its addresses");
    }
    block = new byte[length];
    if (length == 0) {
      return v2Complete();
    }
    state = State.V2_BLOCK;
    return null;
  }

  private ProxyHeader v2Complete() {
    state = State.DONE;
    int family = ProxyProtocol.high(head[ProxyProtocol.V2_FAM_PROTO_OFFSET]);
    if (!isProxyCommand() || addressBytes() == 0) {
      // LOCAL (the proxy's own health check), UNSPEC, AF_UNIX, datagrams: use the real peer; TLVs skipped.
      return ProxyHeader.withoutAddresses(2);
    }
    int size = family == ProxyProtocol.V2_AF_INET ? ProxyProtocol.IPV4_BYTES : ProxyProtocol.IPV6_BYTES;
    byte[] source = Arrays.copyOfRange(block, 0, size);
    byte[] destination = Arrays.copyOfRange(block, size, 2 * size);
    int ports = 2 * size;
    int sourcePort = ((block[ports] & 0xFF) << 8) | (block[ports + 1] & 0xFF);
    int destinationPort = ((block[ports + 2] & 0xFF) << 8) | (block[ports + 3] & 0xFF);
    return new ProxyHeader(2, address(source, sourcePort), address(destination, destinationPort));
  }

  private boolean isProxyCommand() {
    return ProxyProtocol.low(head[ProxyProtocol.V2_VER_CMD_OFFSET]) == ProxyProtocol.V2_CMD_PROXY;
  }

  /** Bytes of the address block the PROXY command must carry and this server reads; 0 = none read. */
  private int addressBytes() {
    int familyProtocol = head[ProxyProtocol.V2_FAM_PROTO_OFFSET];
    if (ProxyProtocol.low(familyProtocol) != ProxyProtocol.V2_PROTO_STREAM) {
      return 0;
    }
    switch (ProxyProtocol.high(familyProtocol)) {
      case ProxyProtocol.V2_AF_INET:
        return ProxyProtocol.V2_INET_BLOCK_BYTES;
      case ProxyProtocol.V2_AF_INET6:
        return ProxyProtocol.V2_INET6_BLOCK_BYTES;
      default:
        return 0;
    }
  }

  private static InetSocketAddress address(byte[] ip, int port) {
    try {
      // From 4 or 16 raw bytes: no name lookup. An IPv4-mapped IPv6 address becomes IPv4.
      return new InetSocketAddress(InetAddress.getByAddress(ip), port);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("not 4 or 16 bytes", e);
    }
  }
}
