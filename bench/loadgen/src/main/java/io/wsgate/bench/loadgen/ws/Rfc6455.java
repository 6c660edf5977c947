package io.wsgate.bench.loadgen.ws;

/**
 * The RFC 6455 wire constants the client needs, named by role. The load generator is a separate
 * program from the gateway on purpose (it must not share the code it measures), so it keeps its
 * own copy of these.
 */
public final class Rfc6455 {

  /** Byte 0: final fragment. */
  public static final int B0_FIN = 0b1000_0000;
  /** Byte 0: the three reserved bits (no extension is negotiated, so always 0). */
  public static final int B0_RSV = 0b0111_0000;
  /** Byte 0: opcode nibble. */
  public static final int B0_OPCODE = 0b0000_1111;
  /** Byte 1: payload is masked (client frames always, server frames never). */
  public static final int B1_MASK = 0b1000_0000;
  /** Byte 1: 7-bit length or length marker. */
  public static final int B1_LENGTH = 0b0111_1111;

  public static final int OP_CONTINUATION = 0x0;
  public static final int OP_TEXT = 0x1;
  public static final int OP_BINARY = 0x2;
  public static final int OP_CLOSE = 0x8;
  public static final int OP_PING = 0x9;
  public static final int OP_PONG = 0xA;
  /** Opcodes with this bit are control frames (§5.5). */
  public static final int CONTROL_BIT = 0x8;

  /** Largest length carried in byte 1 itself. */
  public static final int LENGTH_7_MAX = 125;
  /** Byte 1 marker: 16-bit length follows. */
  public static final int LENGTH_16_MARKER = 126;
  /** Byte 1 marker: 64-bit length follows. */
  public static final int LENGTH_64_MARKER = 127;
  /** Largest length carried in the 16-bit form. */
  public static final int LENGTH_16_MAX = 0xFFFF;

  public static final int BASE_HEADER_BYTES = 2;
  public static final int LENGTH_16_BYTES = 2;
  public static final int LENGTH_64_BYTES = 8;
  public static final int MASK_KEY_BYTES = 4;
  /** Longest header: 2 + 8 + 4. */
  public static final int MAX_HEADER_BYTES = BASE_HEADER_BYTES + LENGTH_64_BYTES + MASK_KEY_BYTES;
  /** Control frame payload limit (§5.5). */
  public static final int CONTROL_PAYLOAD_MAX = 125;

  /** Close status: normal closure. */
  public static final int CLOSE_NORMAL = 1000;
  /** Close status reported when a Close frame had no code (never sent on the wire). */
  public static final int CLOSE_NO_STATUS = 1005;
  /** Close status reported when TCP ended without a Close frame (never sent on the wire). */
  public static final int CLOSE_ABNORMAL = 1006;
  public static final int CLOSE_CODE_BYTES = 2;

  /** Concatenated with Sec-WebSocket-Key to derive Sec-WebSocket-Accept (§1.3). */
  public static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  public static final String VERSION = "13";
  /** Raw bytes of a Sec-WebSocket-Key before base64 (§4.1). */
  public static final int KEY_BYTES = 16;
  /** HTTP status of a successful upgrade. */
  public static final int STATUS_SWITCHING_PROTOCOLS = 101;

  private Rfc6455() {
  }

  public static boolean isControl(int opcode) {
    return (opcode & CONTROL_BIT) != 0;
  }
}
