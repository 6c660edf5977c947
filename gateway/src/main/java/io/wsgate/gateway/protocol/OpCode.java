package io.wsgate.gateway.protocol;

/** Frame opcodes defined by RFC 6455 §5.2; every other value is reserved. */
public enum OpCode {
  CONTINUATION(0x0),
  TEXT(0x1),
  BINARY(0x2),
  CLOSE(0x8),
  PING(0x9),
  PONG(0xA);

  /** Control opcodes have the high bit of the nibble set (§5.5). */
  private static final int CONTROL_BIT = 0x8;
  private static final OpCode[] BY_CODE = new OpCode[WebSocketProtocol.B0_MASK_OPCODE + 1];

  static {
    for (OpCode op : values()) {
      BY_CODE[op.code] = op;
    }
  }

  private final int code;

  OpCode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  public boolean isControl() {
    return (code & CONTROL_BIT) != 0;
  }

  /** The opcode for a 4-bit value, or null when the value is reserved. */
  public static OpCode fromCode(int code) {
    return BY_CODE[code & WebSocketProtocol.B0_MASK_OPCODE];
  }
}
