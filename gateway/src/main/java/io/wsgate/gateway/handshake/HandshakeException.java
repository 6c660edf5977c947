package io.wsgate.gateway.handshake;

import io.wsgate.gateway.protocol.WebSocketProtocol;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A handshake the server refuses, carrying the HTTP status, a one-line plain-text reason and any
 * header fields the status requires. Reasons never echo client input.
 *
 * <p>Stack traces are not captured: these are raised by peer input, possibly at a high rate.
 */
public final class HandshakeException extends Exception {

  public static final int BAD_REQUEST = 400;
  public static final int UNAUTHORIZED = 401;
  public static final int FORBIDDEN = 403;
  public static final int NOT_FOUND = 404;
  public static final int METHOD_NOT_ALLOWED = 405;
  public static final int UPGRADE_REQUIRED = 426;
  public static final int TOO_MANY_REQUESTS = 429;
  public static final int HEADERS_TOO_LARGE = 431;
  public static final int INTERNAL_ERROR = 500;
  public static final int SERVICE_UNAVAILABLE = 503;

  private final int status;
  private final Map<String, String> extraHeaders;

  public HandshakeException(int status, String reason, Map<String, String> extraHeaders) {
    // The reason becomes one line of the response body: keep it one line whatever the caller passes.
    super(reason.replace('\r', ' ').replace('\n', ' '), null, false, false);
    this.status = status;
    this.extraHeaders = Collections.unmodifiableMap(new LinkedHashMap<>(extraHeaders));
  }

  public HandshakeException(int status, String reason) {
    this(status, reason, Map.of());
  }

  public static HandshakeException badRequest(String reason) {
    return new HandshakeException(BAD_REQUEST, reason);
  }

  /**
   * 401 for any token problem, with the one reason and challenge whatever went wrong (RFC 6750
   * §3): a client probing tokens learns only that this one did not pass.
   */
  public static HandshakeException unauthorized() {
    return new HandshakeException(UNAUTHORIZED, "invalid or missing token", Map.of("WWW-Authenticate", "Bearer"));
  }

  public static HandshakeException forbidden(String reason) {
    return new HandshakeException(FORBIDDEN, reason);
  }

  public static HandshakeException notFound(String reason) {
    return new HandshakeException(NOT_FOUND, reason);
  }

  /** 405 must list the allowed methods (RFC 9110 §15.5.6). */
  public static HandshakeException methodNotAllowed(String reason) {
    return new HandshakeException(METHOD_NOT_ALLOWED, reason, Map.of("Allow", "GET"));
  }

  /**
   * 426 names the versions we speak (RFC 6455 §4.2.2) and, as RFC 9110 §15.5.22 requires, the
   * protocol to upgrade to.
   */
  public static HandshakeException upgradeRequired(String reason) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Upgrade", "websocket");
    headers.put("Sec-WebSocket-Version", WebSocketProtocol.VERSION);
    return new HandshakeException(UPGRADE_REQUIRED, reason, headers);
  }

  public static HandshakeException headersTooLarge(String reason) {
    return new HandshakeException(HEADERS_TOO_LARGE, reason);
  }

  /** 429: this client's handshake allowance is used up (RFC 6585 §4), retry after that many seconds. */
  public static HandshakeException tooManyRequests(long retryAfterSeconds) {
    return new HandshakeException(TOO_MANY_REQUESTS, "too many handshakes, retry later",
        Map.of("Retry-After", Long.toString(retryAfterSeconds)));
  }

  /**
   * 503: a connection cap is reached. One reason whichever cap it was, so a client learns nothing
   * about the node's limits or load.
   */
  public static HandshakeException serviceUnavailable(long retryAfterSeconds) {
    return new HandshakeException(SERVICE_UNAVAILABLE, "server busy, retry later",
        Map.of("Retry-After", Long.toString(retryAfterSeconds)));
  }

  public int status() {
    return status;
  }

  public String reason() {
    return getMessage();
  }

  /** Header fields to add to the rejection, in order. */
  public Map<String, String> extraHeaders() {
    return extraHeaders;
  }
}
