package io.wsgate.api;

/** What a router asks the gateway to do with a connection ({@link Headers#ACTION}). */
public enum Action {
  /** Send the body (a Buffer) as one message; {@link Headers#TYPE} says text or binary. */
  SEND("send"),
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

  /** Parses a header value; returns null for an unknown value. */
  public static Action fromWire(String value) {
    if ("send".equals(value)) {
      return SEND;
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
