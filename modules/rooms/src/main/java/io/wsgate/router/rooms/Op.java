package io.wsgate.router.rooms;

/** The client requests ({@code "op"} values a client may send). */
enum Op {
  JOIN("join"),
  LEAVE("leave"),
  PUBLISH("publish"),
  DIRECT("direct"),
  PRESENCE("presence"),
  ROOMS("rooms");

  private final String wire;

  Op(String wire) {
    this.wire = wire;
  }

  String wire() {
    return wire;
  }

  /** The op for a wire value, or null when unknown. */
  static Op fromWire(String value) {
    for (Op op : values()) {
      if (op.wire.equals(value)) {
        return op;
      }
    }
    return null;
  }
}
