package io.wsgate.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.wsgate.gateway.routing.Route;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** conf/gateway-production.yaml is a valid config and keeps its security promises. */
@ExtendWith(VertxExtension.class)
class ProductionConfigTest {

  private static final Path FILE = Path.of("..", "conf", "gateway-production.yaml");

  private static GatewayConfig load(Vertx vertx, Path file) throws Exception {
    return ConfigLoader.load(vertx, file).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void everyRouteHasAnOriginAllowlistAndRoomsRequireAToken(Vertx vertx) throws Exception {
    GatewayConfig config = load(vertx, FILE);
    for (Route route : config.routes()) {
      assertFalse(route.allowedOrigins().isEmpty(), route.path() + " has no allowedOrigins");
    }
    Route rooms = config.routes().stream().filter(r -> r.path().equals("/rooms")).findFirst().orElseThrow();
    assertEquals(AuthMode.REQUIRED, rooms.auth());
    assertTrue(config.auth().hasKeys());
    assertFalse(config.auth().tokenSources().contains(TokenSource.QUERY), "no tokens in URLs in production");
    assertNull(config.server().tls(), "TLS ships commented out");
    assertNull(config.api().key(), "the API key comes from WSGATE_API_KEY, not the file");
  }

  @Test
  void everyClientLimitIsOn(Vertx vertx) throws Exception {
    Limits limits = load(vertx, FILE).limits();
    ClientLimits clients = limits.clients();
    assertTrue(clients.maxConnections() > 0, "maxConnections");
    assertTrue(clients.maxConnectionsPerIp() > 0, "maxConnectionsPerIp");
    assertTrue(clients.handshakesPerSecondPerIp() > 0, "handshakesPerSecondPerIp");
    assertTrue(clients.messagesPerSecond() > 0, "messagesPerSecond");
    assertTrue(clients.bytesPerSecond() > 0, "bytesPerSecond");
    // A burst below one maximum-size message would close clients that send one at once.
    assertTrue(clients.byteBurst() >= limits.maxMessageSize(), "byteBurst");
  }

  @Test
  void theCommentedTlsBlockIsValidOnceUncommented(Vertx vertx, @TempDir Path dir) throws Exception {
    String text = Files.readString(FILE)
        .replace("  # tls:", "  tls:")
        .replace("  #   certPath:", "    certPath:")
        .replace("  #   keyPath:", "    keyPath:");
    GatewayConfig config = load(vertx, Files.writeString(dir.resolve("prod.yaml"), text));
    assertEquals(new TlsSettings("/etc/wsgate/tls/fullchain.pem", "/etc/wsgate/tls/privkey.pem"), config.server().tls());
  }
}
