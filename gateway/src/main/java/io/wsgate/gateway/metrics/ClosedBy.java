package io.wsgate.gateway.metrics;

/** Who ended a connection, as the {@code by} label of closed connections. */
public enum ClosedBy {
  /** The client sent Close first. */
  CLIENT("client"),
  /** The gateway sent Close first, or dropped the client (protocol error, timeout, shutdown, router). */
  SERVER("server"),
  /** TCP ended without a Close from the client (1006). */
  ABNORMAL("abnormal");

  private final String label;

  ClosedBy(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
