package io.wsgate.gateway.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.wsgate.gateway.Gateway;
import io.wsgate.gateway.testing.RawClient;
import io.wsgate.gateway.testing.TestCertificate;
import io.wsgate.gateway.testing.TestCertificate.OpenSsl;
import io.wsgate.gateway.testing.TestGateway;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code server.tls}: wss:// with a certificate the test makes; plain bytes and old TLS get nothing. */
@ExtendWith(VertxExtension.class)
class TlsTest {

  private static TestCertificate certificate;
  private static int port;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    certificate = TestCertificate.create(Files.createTempDirectory("wsgate-tls"));
    JsonObject config = TestGateway.config();
    config.getJsonObject("server").put("tls", new JsonObject()
        .put("certPath", certificate.certPath().toString()).put("keyPath", certificate.keyPath().toString()));
    Gateway gateway = TestGateway.start(vertx, config);
    port = gateway.webSocketPort();
  }

  /** A JDK WebSocket client that completes with the first text message it receives. */
  static final class FirstText implements WebSocket.Listener {
    final CompletableFuture<String> text = new CompletableFuture<>();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      text.complete(data.toString());
      return null;
    }
  }

  static String echoOver(SSLContext tls, URI uri) throws Exception {
    HttpClient http = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
    FirstText listener = new FirstText();
    WebSocket ws = http.newWebSocketBuilder().buildAsync(uri, listener).get(10, TimeUnit.SECONDS);
    ws.sendText("over tls", true).get(5, TimeUnit.SECONDS);
    String echoed = listener.text.get(10, TimeUnit.SECONDS);
    ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
    return echoed;
  }

  @Test
  void jdkClientEchoesOverWss() throws Exception {
    assertEquals("over tls", echoOver(certificate.clientContext(), URI.create("wss://127.0.0.1:" + port + "/echo")));
  }

  @Test
  void jdkClientThatDoesNotTrustTheCertificateFails() throws Exception {
    HttpClient http = HttpClient.newBuilder().sslContext(SSLContext.getDefault()).build();
    ExecutionException e = assertThrows(ExecutionException.class, () -> http.newWebSocketBuilder()
        .buildAsync(URI.create("wss://127.0.0.1:" + port + "/echo"), new FirstText()).get(10, TimeUnit.SECONDS));
    assertTrue(e.getCause() instanceof javax.net.ssl.SSLHandshakeException, e::toString);
  }

  @Test
  void plainWebSocketBytesGetNoHttpResponseAndTheConnectionCloses() throws IOException {
    try (RawClient client = RawClient.connect(port)) {
      client.write(RawClient.upgradeRequest("/echo", ""));
      ByteArrayOutputStream received = new ByteArrayOutputStream();
      boolean closed = readUntilClosed(client, received);
      String text = received.toString(StandardCharsets.ISO_8859_1);
      assertFalse(text.startsWith("HTTP/"), () -> "plain client got an HTTP answer: " + text);
      assertTrue(closed, "the server must close a connection that does not speak TLS");
    }
  }

  @Test
  void jdkClientOnPlainWsToTheTlsPortFails() {
    HttpClient http = HttpClient.newHttpClient();
    assertThrows(ExecutionException.class, () -> http.newWebSocketBuilder()
        .buildAsync(URI.create("ws://127.0.0.1:" + port + "/echo"), new FirstText()).get(10, TimeUnit.SECONDS));
  }

  @Test
  void tls12And13AreAccepted() throws Exception {
    for (String version : new String[] {"-tls1_2", "-tls1_3"}) {
      OpenSsl.Result result = sClient(version);
      assertTrue(result.output().contains("BEGIN CERTIFICATE") && !result.output().contains("Cipher is (NONE)"),
          () -> version + ": " + result.output());
    }
  }

  /**
   * The JDK client will not offer TLS 1.1 (disabled in java.security), so openssl offers it,
   * allowed to at security level 0. TlsIT repeats this against a gateway whose JVM allows 1.1.
   */
  @Test
  void tls11IsRefused() throws Exception {
    OpenSsl.Result result = sClient("-tls1_1");
    assertFalse(result.output().contains("no protocols available"),
        () -> "this openssl cannot offer TLS 1.1 at all: " + result.output());
    assertTrue(result.output().contains("Cipher is (NONE)") || result.output().contains("alert protocol version"),
        result::output);
    assertFalse(result.output().contains("BEGIN CERTIFICATE"), result::output);
  }

  static OpenSsl.Result sClient(String version) throws Exception {
    return OpenSsl.run("", "s_client", "-connect", "127.0.0.1:" + port, version, "-cipher", "DEFAULT:@SECLEVEL=0",
        "-servername", "localhost");
  }

  /** Reads what the server sends until EOF (true) or 5 s of silence (false). */
  static boolean readUntilClosed(RawClient client, ByteArrayOutputStream into) throws IOException {
    client.setTimeout(5000);
    try {
      while (true) {
        byte[] one = client.readBytes(1);
        into.write(one);
      }
    } catch (java.net.SocketTimeoutException e) {
      return false;
    } catch (IOException closed) {
      return true;
    }
  }
}
