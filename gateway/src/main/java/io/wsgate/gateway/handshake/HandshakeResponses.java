package io.wsgate.gateway.handshake;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The bytes of the server's handshake responses (RFC 6455 §4.2.2, RFC 9112 §4). */
public final class HandshakeResponses {

  private static final String CRLF = "\r\n";
  private static final Map<Integer, String> REASON_PHRASES = Map.of(
      HandshakeException.BAD_REQUEST, "Bad Request",
      HandshakeException.UNAUTHORIZED, "Unauthorized",
      HandshakeException.FORBIDDEN, "Forbidden",
      HandshakeException.NOT_FOUND, "Not Found",
      HandshakeException.METHOD_NOT_ALLOWED, "Method Not Allowed",
      HandshakeException.UPGRADE_REQUIRED, "Upgrade Required",
      HandshakeException.TOO_MANY_REQUESTS, "Too Many Requests",
      HandshakeException.HEADERS_TOO_LARGE, "Request Header Fields Too Large",
      HandshakeException.INTERNAL_ERROR, "Internal Server Error",
      HandshakeException.SERVICE_UNAVAILABLE, "Service Unavailable");

  private HandshakeResponses() {
  }

  /** The 101 accepting the upgrade; subprotocol null means no Sec-WebSocket-Protocol header. */
  public static Buffer switchingProtocols(String acceptKey, String subprotocol) {
    StringBuilder sb = new StringBuilder()
        .append("HTTP/1.1 101 Switching Protocols").append(CRLF)
        .append("Upgrade: websocket").append(CRLF)
        .append("Connection: Upgrade").append(CRLF)
        .append("Sec-WebSocket-Accept: ").append(acceptKey).append(CRLF);
    if (subprotocol != null) {
      sb.append("Sec-WebSocket-Protocol: ").append(subprotocol).append(CRLF);
    }
    sb.append(CRLF);
    return Buffer.buffer(sb.toString(), StandardCharsets.ISO_8859_1.name());
  }

  /**
   * An error response with the reason as a plain-text body. The connection is closed after it.
   * If the extra headers offer an Upgrade (426), Connection also names "Upgrade", as RFC 9110
   * §7.8 requires of any message carrying Upgrade.
   */
  public static Buffer rejection(HandshakeException e) {
    byte[] body = (e.reason() + "\n").getBytes(StandardCharsets.UTF_8);
    boolean offersUpgrade = e.extraHeaders().keySet().stream().anyMatch("Upgrade"::equalsIgnoreCase);
    StringBuilder sb = new StringBuilder()
        .append("HTTP/1.1 ").append(e.status()).append(' ')
        .append(REASON_PHRASES.getOrDefault(e.status(), "")).append(CRLF)
        .append("Content-Type: text/plain; charset=utf-8").append(CRLF)
        .append("Content-Length: ").append(body.length).append(CRLF)
        .append("Connection: ").append(offersUpgrade ? "Upgrade, close" : "close").append(CRLF);
    e.extraHeaders().forEach((name, value) -> sb.append(name).append(": ").append(value).append(CRLF));
    sb.append(CRLF);
    return Buffer.buffer(sb.toString(), StandardCharsets.ISO_8859_1.name()).appendBytes(body);
  }
}
