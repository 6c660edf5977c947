package io.wsgate.api;

/** The kind of a WebSocket message ({@link Headers#TYPE}). */
public enum MessageType {
  /** UTF-8 text; the gateway has validated it, routers must send valid UTF-8 too. */
  TEXT("text"),
  /** Arbitrary bytes. */
  BINARY("binary");

  private final String wire;

  MessageType(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  /** Parses a header value; returns null for an unknown value. */
  public static MessageType fromWire(String value) {
    if ("text".equals(value)) {
      return TEXT;
    }
    if ("binary".equals(value)) {
      return BINARY;
    }
    return null;
  }
}
