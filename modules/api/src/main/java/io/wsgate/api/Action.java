package io.wsgate.api;

/**
 * What a router asks the gateway to do with a connection ({@link Headers#ACTION}). Sending is one
 * header ({@code text} or {@code binary}): Vert.x copies every header on each local delivery.
 */
public enum Action {
  /** Send the body (a Buffer, valid UTF-8) as one text message. */
  TEXT("text"),
  /** Send the body (a Buffer) as one binary message. */
  BINARY("binary"),
  /** Start the close handshake with {@link Headers#CLOSE_CODE} and {@link Headers#CLOSE_REASON}. */
  CLOSE("close"),
  /** Add the connection to the group in {@link Headers#GROUP}; replies once it is a member. */
  JOIN("join"),
  /** Remove the connection from the group in {@link Headers#GROUP}; replies when done. */
  LEAVE("leave");

  private final String wire;

  Action(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  /** The action that sends a message of this type. */
  public static Action send(MessageType type) {
    return type == MessageType.TEXT ? TEXT : BINARY;
  }

  /** Parses a header value; returns null for an unknown value. */
  public static Action fromWire(String value) {
    if ("text".equals(value)) {
      return TEXT;
    }
    if ("binary".equals(value)) {
      return BINARY;
    }
    if ("close".equals(value)) {
      return CLOSE;
    }
    if ("join".equals(value)) {
      return JOIN;
    }
    if ("leave".equals(value)) {
      return LEAVE;
    }
    return null;
  }
}
