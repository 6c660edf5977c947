package io.wsgate.gateway.protocol;

/**
 * A reason to fail the connection, carrying the close code to send (RFC 6455 §7.1.7). Messages
 * cite the RFC section and become the Close reason, so they stay short and ASCII.
 *
 * <p>Stack traces are not captured: these are raised by peer input, possibly at a high rate.
 */
public abstract class WebSocketException extends RuntimeException {

  private final CloseCode closeCode;

  protected WebSocketException(CloseCode closeCode, String message) {
    super(message, null, false, false);
    this.closeCode = closeCode;
  }

  public CloseCode closeCode() {
    return closeCode;
  }
}
