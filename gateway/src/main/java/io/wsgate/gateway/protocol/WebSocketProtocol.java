package io.wsgate.gateway.protocol;

/**
 * Every RFC 6455 wire constant, named by its role. Nothing else in the gateway spells a header
 * bit or a length marker as a literal.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-------+-+-------------+-------------------------------+
 * |F|R|R|R| opcode|M| Payload len |    Extended payload length    |
 * |I|S|S|S|  (4)  |A|     (7)     |             (16/64)           |
 * |N|V|V|V|       |S|             |   (if payload len==126/127)   |
 * | |1|2|3|       |K|             |                               |
 * +-+-+-+-+-------+-+-------------+ - - - - - - - - - - - - - - - +
 * |     Extended payload length continued, if payload len == 127  |
 * + - - - - - - - - - - - - - - - +-------------------------------+
 * |                               |Masking-key, if MASK set to 1  |
 * +-------------------------------+-------------------------------+
 * | Masking-key (continued)       |          Payload Data         |
 * +-------------------------------- - - - - - - - - - - - - - - - +
 * </pre>
 */
public final class WebSocketProtocol {

  /** Byte 0: this is the final fragment of a message. */
  public static final int B0_FLAG_FIN = 0b1000_0000;
  /** Byte 0: reserved bit 1 (owned by permessage-deflate when negotiated). */
  public static final int B0_FLAG_RSV1 = 0b0100_0000;
  /** Byte 0: reserved bit 2. */
  public static final int B0_FLAG_RSV2 = 0b0010_0000;
  /** Byte 0: reserved bit 3. */
  public static final int B0_FLAG_RSV3 = 0b0001_0000;
  /** Byte 0: all three reserved bits. */
  public static final int B0_MASK_RSV = B0_FLAG_RSV1 | B0_FLAG_RSV2 | B0_FLAG_RSV3;
  /** Byte 0: the opcode nibble. */
  public static final int B0_MASK_OPCODE = 0b0000_1111;

  /** Byte 1: the payload is masked and a 4-byte masking key follows the length. */
  public static final int B1_FLAG_MASK = 0b1000_0000;
  /** Byte 1: the 7-bit payload length or length marker. */
  public static final int B1_MASK_LENGTH = 0b0111_1111;

  /** Largest length carried in byte 1 itself. */
  public static final int PAYLOAD_BYTE_MAX = 125;
  /** Byte 1 length marker: a 16-bit unsigned length follows. */
  public static final int PAYLOAD_SHORT = 126;
  /** Byte 1 length marker: a 64-bit length follows (most significant bit must be 0). */
  public static final int PAYLOAD_LONG = 127;
  /** Largest length carried in the 16-bit extended length. */
  public static final int PAYLOAD_SHORT_MAX = 0xFFFF;
  /** Bytes of the 16-bit extended length. */
  public static final int EXTENDED_LENGTH_SHORT_BYTES = 2;
  /** Bytes of the 64-bit extended length. */
  public static final int EXTENDED_LENGTH_LONG_BYTES = 8;
  /** Bytes of the two fixed header bytes. */
  public static final int BASE_HEADER_BYTES = 2;
  /** Bytes of the masking key. */
  public static final int MASK_KEY_BYTES = 4;
  /** Longest possible frame header: 2 + 8 + 4. */
  public static final int MAX_HEADER_BYTES = BASE_HEADER_BYTES + EXTENDED_LENGTH_LONG_BYTES + MASK_KEY_BYTES;

  /** Control frames carry at most this many payload bytes (§5.5). */
  public static final int CONTROL_PAYLOAD_MAX = 125;
  /** Bytes of the status code at the start of a Close payload (§5.5.1). */
  public static final int CLOSE_CODE_BYTES = 2;
  /** A Close reason fits in what is left of a control payload after the code. */
  public static final int CLOSE_REASON_MAX_BYTES = CONTROL_PAYLOAD_MAX - CLOSE_CODE_BYTES;

  /** The GUID concatenated with Sec-WebSocket-Key to compute Sec-WebSocket-Accept (§1.3). */
  public static final String ACCEPT_MAGIC = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  /** The only protocol version this server speaks (Sec-WebSocket-Version, §4.1). */
  public static final String VERSION = "13";
  /** Decoded length of a valid Sec-WebSocket-Key (§4.1). */
  public static final int KEY_BYTES = 16;

  private WebSocketProtocol() {
  }
}
