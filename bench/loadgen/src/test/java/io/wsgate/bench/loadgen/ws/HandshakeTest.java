package io.wsgate.bench.loadgen.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HandshakeTest {

  @Test
  void acceptKeyMatchesTheRfcExample() {
    // RFC 6455 §1.3
    assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", Handshake.acceptFor("dGhlIHNhbXBsZSBub25jZQ=="));
  }

  @Test
  void requestCarriesTheUpgradeHeaders() {
    String request = new Handshake("127.0.0.1:8080", "/rooms?user=u1", "echo.v1").request().toString();
    assertTrue(request.startsWith("GET /rooms?user=u1 HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n"));
    assertTrue(request.contains("\r\nSec-WebSocket-Version: 13\r\n"));
    assertTrue(request.contains("\r\nSec-WebSocket-Protocol: echo.v1\r\n"));
    assertTrue(request.endsWith("\r\n\r\n"));
  }

  @Test
  void responseSplitAcrossReadsReturnsTheBytesAfterIt() {
    Handshake handshake = new Handshake("h:1", "/echo", null);
    String response = response(handshake, "HTTP/1.1 101 Switching Protocols") + "FRAMES";
    byte[] bytes = response.getBytes(StandardCharsets.US_ASCII);
    Buffer after = null;
    for (byte b : bytes) {
      if (after == null) {
        Buffer rest = handshake.feed(Buffer.buffer(new byte[] {b}));
        after = rest == null ? null : Buffer.buffer().appendBuffer(rest);
      } else {
        after.appendByte(b);
      }
    }
    assertEquals("FRAMES", String.valueOf(after));
  }

  @Test
  void aWrongAcceptKeyFails() {
    Handshake handshake = new Handshake("h:1", "/echo", null);
    String response = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n";
    assertThrows(Handshake.Failure.class, () -> handshake.feed(Buffer.buffer(response)));
  }

  @Test
  void aStatusOtherThan101Fails() {
    Handshake handshake = new Handshake("h:1", "/nowhere", null);
    assertNull(handshake.feed(Buffer.buffer("HTTP/1.1 404 Not Found\r\n")));
    assertThrows(Handshake.Failure.class, () -> handshake.feed(Buffer.buffer("Content-Length: 0\r\n\r\n")));
  }

  /** The server's answer to this handshake's key. */
  private static String response(Handshake handshake, String statusLine) {
    String request = handshake.request().toString();
    String key = request.replaceAll("(?s).*Sec-WebSocket-Key: ([^\r]+)\r\n.*", "$1");
    return statusLine + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: "
        + Handshake.acceptFor(key) + "\r\n\r\n";
  }
}
