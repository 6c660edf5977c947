package io.wsgate.gateway.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class HandshakeResponsesTest {

  @Test
  void switchingProtocolsWithoutSubprotocol() {
    assertEquals("HTTP/1.1 101 Switching Protocols\r\n"
        + "Upgrade: websocket\r\n"
        + "Connection: Upgrade\r\n"
        + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"
        + "\r\n",
        HandshakeResponses.switchingProtocols("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", null).toString());
  }

  @Test
  void switchingProtocolsWithSubprotocol() {
    assertEquals("HTTP/1.1 101 Switching Protocols\r\n"
        + "Upgrade: websocket\r\n"
        + "Connection: Upgrade\r\n"
        + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"
        + "Sec-WebSocket-Protocol: chat\r\n"
        + "\r\n",
        HandshakeResponses.switchingProtocols("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", "chat").toString());
  }

  @Test
  void badRequestRejection() {
    assertEquals("HTTP/1.1 400 Bad Request\r\n"
        + "Content-Type: text/plain; charset=utf-8\r\n"
        + "Content-Length: 18\r\n"
        + "Connection: close\r\n"
        + "\r\n"
        + "Missing something\n",
        HandshakeResponses.rejection(HandshakeException.badRequest("Missing something")).toString());
  }

  @Test
  void methodNotAllowedRejectionCarriesAllow() {
    assertEquals("HTTP/1.1 405 Method Not Allowed\r\n"
        + "Content-Type: text/plain; charset=utf-8\r\n"
        + "Content-Length: 4\r\n"
        + "Connection: close\r\n"
        + "Allow: GET\r\n"
        + "\r\n"
        + "GET\n",
        HandshakeResponses.rejection(HandshakeException.methodNotAllowed("GET")).toString());
  }

  @Test
  void upgradeRequiredRejectionNamesVersionAndUpgradeConnectionOption() {
    assertEquals("HTTP/1.1 426 Upgrade Required\r\n"
        + "Content-Type: text/plain; charset=utf-8\r\n"
        + "Content-Length: 5\r\n"
        + "Connection: Upgrade, close\r\n"
        + "Upgrade: websocket\r\n"
        + "Sec-WebSocket-Version: 13\r\n"
        + "\r\n"
        + "v13!\n",
        HandshakeResponses.rejection(HandshakeException.upgradeRequired("v13!")).toString());
  }

  @Test
  void contentLengthCountsUtf8BytesOfTheReason() {
    String response = HandshakeResponses.rejection(HandshakeException.forbidden("§")).toString();
    assertEquals("HTTP/1.1 403 Forbidden\r\n"
        + "Content-Type: text/plain; charset=utf-8\r\n"
        + "Content-Length: 3\r\n"
        + "Connection: close\r\n"
        + "\r\n"
        + "§\n", response);
  }

  @Test
  void everyListedStatusHasItsStandardReasonPhrase() {
    Map<Integer, String> expected = Map.of(400, "Bad Request", 403, "Forbidden", 404, "Not Found",
        405, "Method Not Allowed", 426, "Upgrade Required", 431, "Request Header Fields Too Large",
        500, "Internal Server Error", 503, "Service Unavailable");
    expected.forEach((status, phrase) -> {
      String response = HandshakeResponses.rejection(new HandshakeException(status, "r")).toString();
      assertEquals("HTTP/1.1 " + status + " " + phrase + "\r\n", response.substring(0, response.indexOf("\r\n") + 2));
    });
  }

  @Test
  void reasonIsKeptOnOneLine() {
    assertEquals("a  b c", new HandshakeException(400, "a\r\nb\nc").reason());
  }
}
