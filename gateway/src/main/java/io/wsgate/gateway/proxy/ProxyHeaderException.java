package io.wsgate.gateway.proxy;

/**
 * A PROXY protocol header the server refuses: the connection is closed without an answer.
 * Messages are short and never echo peer input. No stack trace: raised by peer input.
 */
public final class ProxyHeaderException extends Exception {

  /** Why, as the {@code reason} label of {@code wsgate_proxy_header_failures_total}. */
  public enum Reason {
    /** Not the protocol, or not exactly as the spec says. */
    MALFORMED,
    /** A v1 line without CRLF in its first 107 bytes, or a v2 block over the cap. */
    OVERSIZED;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private final Reason reason;

  ProxyHeaderException(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  static ProxyHeaderException malformed(String message) {
    return new ProxyHeaderException(Reason.MALFORMED, message);
  }

  static ProxyHeaderException oversized(String message) {
    return new ProxyHeaderException(Reason.OVERSIZED, message);
  }

  public Reason reason() {
    return reason;
  }
}
