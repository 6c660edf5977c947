package io.wsgate.router.rooms;

/** A request the router refuses: becomes an error reply, never closes the connection by itself. */
final class RequestException extends Exception {

  private final ErrorCode code;
  private final transient Object id;

  RequestException(ErrorCode code, String message) {
    this(code, message, null);
  }

  RequestException(ErrorCode code, String message, Object id) {
    // No stack trace: this is a reply to bad input, not a bug, and it can be frequent.
    super(message, null, false, false);
    this.code = code;
    this.id = id;
  }

  ErrorCode code() {
    return code;
  }

  /** The request's {@code id} to echo, or null when there was none or it could not be read. */
  Object id() {
    return id;
  }

  RequestException withId(Object requestId) {
    return new RequestException(code, getMessage(), requestId);
  }
}
