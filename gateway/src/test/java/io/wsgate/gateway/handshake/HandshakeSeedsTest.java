package io.wsgate.gateway.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.buffer.Buffer;
import io.wsgate.gateway.testing.Bytes;
import io.wsgate.gateway.testing.SeedFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The seed corpus of {@link HandshakeFuzzTest}: one file per case, named for what it exercises,
 * under {@code src/test/resources/io/wsgate/gateway/handshake/HandshakeFuzzTestInputs/handshake/}
 * (Jazzer's layout: {@code <Class>Inputs/<method>/}). Crash files Jazzer writes there next to
 * them are kept as regression inputs.
 *
 * <p>Regenerate after changing {@link #seeds()}: run {@link #main} from {@code gateway/}. The
 * test below fails when the committed files and this list disagree, and pins each seed's
 * outcome (at the 256-byte limit) so the corpus keeps covering every status.
 */
class HandshakeSeedsTest {

  static final String DIR = "src/test/resources/io/wsgate/gateway/handshake/HandshakeFuzzTestInputs/handshake";
  private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
  private static final String BASE = "Host: server.example.com\r\n"
      + "Upgrade: websocket\r\n"
      + "Connection: Upgrade\r\n"
      + "Sec-WebSocket-Key: " + KEY + "\r\n"
      + "Sec-WebSocket-Version: 13\r\n";

  /** One seed: the bytes, and the status it gets at the 256-byte limit (101 = accepted, 0 = need more). */
  private record Seed(byte[] bytes, int status) {
  }

  private static Seed seed(String text, int status) {
    return new Seed(text.getBytes(StandardCharsets.ISO_8859_1), status);
  }

  static Map<String, Seed> seeds() {
    Map<String, Seed> s = new LinkedHashMap<>();
    s.put("valid-minimal", seed("GET /echo HTTP/1.1\r\n" + BASE + "\r\n", 101));
    s.put("valid-rfc6455-example", seed("GET /echo?room=1 HTTP/1.1\r\n"
        + "Host: server.example.com\r\n"
        + "Upgrade: websocket\r\n"
        + "Connection: keep-alive, Upgrade\r\n"
        + "Sec-WebSocket-Key: " + KEY + "\r\n"
        + "Origin: http://example.com\r\n"
        + "Sec-WebSocket-Protocol: chat, superchat\r\n"
        + "Sec-WebSocket-Version: 13\r\n\r\n", 101));
    s.put("valid-second-subprotocol-offer", seed("GET /echo HTTP/1.1\r\n" + BASE
        + "Sec-WebSocket-Protocol: v2.unknown\r\nSec-WebSocket-Protocol: superchat, chat\r\n\r\n", 101));
    s.put("valid-allowed-origin", seed("GET /locked HTTP/1.1\r\n" + BASE + "Origin: https://good.example\r\n\r\n", 101));
    s.put("valid-absolute-form", seed("GET ws://server.example.com/echo HTTP/1.1\r\n" + BASE + "\r\n", 101));
    s.put("valid-then-frame", new Seed(Bytes.concat(
        ("GET /echo HTTP/1.1\r\n" + BASE + "\r\n").getBytes(StandardCharsets.ISO_8859_1),
        Bytes.hex("81 85 37 fa 21 3d 7f 9f 4d 51 58")), 101)); // masked "Hello" (RFC 6455 §5.7)
    s.put("partial-head", seed("GET /echo HTTP/1.1\r\n" + BASE, 0));
    s.put("400-bare-lf", seed("GET /echo HTTP/1.1\n" + BASE + "\r\n", 400));
    s.put("400-not-http-tls-hello", new Seed(Bytes.hex("16 03 01 00 a5 01 00 00 a1 03 03"), 400));
    s.put("400-obs-fold", seed("GET /echo HTTP/1.1\r\n" + BASE + "X-Folded: a\r\n b\r\n\r\n", 400));
    s.put("400-bad-request-line", seed("GET  /echo HTTP/1.1\r\n" + BASE + "\r\n", 400));
    s.put("400-asterisk-form", seed("GET * HTTP/1.1\r\n" + BASE + "\r\n", 400));
    s.put("400-userinfo-in-target", seed("GET ws://user@server.example.com/echo HTTP/1.1\r\n" + BASE + "\r\n", 400));
    s.put("404-absolute-form-without-path", seed("GET ws://server.example.com HTTP/1.1\r\n" + BASE + "\r\n", 404));
    s.put("400-http-1.0", seed("GET /echo HTTP/1.0\r\n" + BASE + "\r\n", 400));
    s.put("400-no-host", seed("GET /echo HTTP/1.1\r\n" + BASE.replace("Host: server.example.com\r\n", "") + "\r\n", 400));
    s.put("400-short-key", seed("GET /echo HTTP/1.1\r\n" + BASE.replace(KEY, "dGhlIHNhbXBsZQ==") + "\r\n", 400));
    s.put("400-upgrade-not-websocket", seed("GET /echo HTTP/1.1\r\n" + BASE.replace("Upgrade: websocket", "Upgrade: h2c") + "\r\n", 400));
    s.put("400-connection-not-upgrade", seed("GET /echo HTTP/1.1\r\n" + BASE.replace("Connection: Upgrade", "Connection: close") + "\r\n", 400));
    s.put("400-no-version", seed("GET /echo HTTP/1.1\r\n" + BASE.replace("Sec-WebSocket-Version: 13\r\n", "") + "\r\n", 400));
    s.put("400-key-not-base64", seed("GET /echo HTTP/1.1\r\n" + BASE.replace(KEY, "dGhlIHNhbXBsZSBub25jZQ=!") + "\r\n", 400));
    s.put("400-two-keys", seed("GET /echo HTTP/1.1\r\n" + BASE + "Sec-WebSocket-Key: " + KEY + "\r\n\r\n", 400));
    s.put("400-two-origins", seed("GET /echo HTTP/1.1\r\n" + BASE + "Origin: https://a.example\r\nOrigin: https://b.example\r\n\r\n", 400));
    s.put("403-origin", seed("GET /locked HTTP/1.1\r\n" + BASE + "Origin: https://evil.example\r\n\r\n", 403));
    s.put("404-no-route", seed("GET /nowhere HTTP/1.1\r\n" + BASE + "\r\n", 404));
    s.put("405-post", seed("POST /echo HTTP/1.1\r\n" + BASE + "\r\n", 405));
    s.put("426-two-versions", seed("GET /echo HTTP/1.1\r\n" + BASE + "Sec-WebSocket-Version: 8\r\n\r\n", 426));
    s.put("426-version-8", seed("GET /echo HTTP/1.1\r\n" + BASE.replace("Version: 13", "Version: 8") + "\r\n", 426));
    // Over the limit the fuzz target also runs with (256, the configurable minimum); accepted at 8192.
    s.put("431-over-256", seed("GET /echo HTTP/1.1\r\n" + BASE + "X-Big: " + "a".repeat(120) + "\r\n\r\n", 431));
    return s;
  }

  public static void main(String[] args) throws IOException {
    SeedFiles.write(Path.of(args.length > 0 ? args[0] : DIR), seedBytes());
  }

  private static Map<String, byte[]> seedBytes() {
    Map<String, byte[]> bytes = new java.util.LinkedHashMap<>();
    seeds().forEach((name, seed) -> bytes.put(name, seed.bytes()));
    return bytes;
  }

  @Test
  void committedSeedsMatchThisList() throws IOException {
    SeedFiles.assertCommitted(getClass(), "HandshakeFuzzTestInputs/handshake", seedBytes());
  }

  @Test
  void eachSeedGetsItsStatus() {
    for (Map.Entry<String, Seed> e : seeds().entrySet()) {
      assertEquals(e.getValue().status(), status(e.getValue().bytes()), e.getKey());
    }
  }

  private static int status(byte[] bytes) {
    try {
      HandshakeRequest request = new HandshakeParser(HandshakeFuzzTest.MIN_LIMIT).feed(Buffer.buffer(bytes));
      if (request == null) {
        return 0;
      }
      HandshakeValidator.validate(request, HandshakeFuzzTest.ROUTES);
      return 101;
    } catch (HandshakeException e) {
      return e.status();
    }
  }
}
