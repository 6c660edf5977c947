package io.wsgate.api;

/** What the gateway tells a router about a connection ({@link Headers#EVENT}). */
public enum Event {
  /** The handshake succeeded; body is empty. Always the first event of a connection. */
  OPEN("open"),
  /** A complete message arrived; body is its payload as a Buffer, {@link Headers#TYPE} says which kind. */
  MESSAGE("message"),
  /** The connection is gone; always the last event. {@link Headers#CLOSE_CODE} carries the code. */
  CLOSE("close"),
  /**
   * Gateway bookkeeping (a close barrier, a latency probe), already answered by the gateway and
   * about no connection: routers ignore it, as they must ignore any event they do not know.
   */
  CONTROL("control");

  private final String wire;

  Event(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  /** Parses a header value; returns null for an unknown value. */
  public static Event fromWire(String value) {
    if (value == null) {
      return null;
    }
    switch (value) {
      case "open":
        return OPEN;
      case "message":
        return MESSAGE;
      case "close":
        return CLOSE;
      case "control":
        return CONTROL;
      default:
        return null;
    }
  }
}
