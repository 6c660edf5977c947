package io.wsgate.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.wsgate.gateway.Gateway;
import io.wsgate.gateway.testing.Jwt;
import io.wsgate.gateway.testing.RawClient;
import io.wsgate.gateway.testing.RawClient.ServerFrame;
import io.wsgate.gateway.testing.TestGateway;
import io.wsgate.gateway.testing.TestKeys;
import java.io.IOException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A connection opened with a token that has {@code exp} is closed with 1008 "token expired" once
 * a handshake with that token would fail: at exp + {@code auth.clockSkewSeconds}.
 */
@ExtendWith(VertxExtension.class)
class TokenExpiryTest {

  private static final int SKEW_SECONDS = 3;

  private static Gateway gateway;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    JsonObject config = TestGateway.config();
    config.put("auth", new JsonObject()
        .put("keys", new JsonArray().add(new JsonObject().put("algorithm", "HS256").put("secret", TestKeys.HS256_SECRET)))
        .put("clockSkewSeconds", SKEW_SECONDS));
    config.getJsonArray("routes").add(new JsonObject()
        .put("path", "/secure").put("name", "expiry-secure").put("router", "echo").put("auth", "required"));
    gateway = TestGateway.start(vertx, config);
  }

  private static RawClient openWith(JsonObject claims) throws IOException {
    RawClient client = RawClient.connect(gateway.webSocketPort());
    client.write(RawClient.upgradeRequest("/secure",
        "Authorization: Bearer " + Jwt.hs256(TestKeys.HS256_SECRET, claims) + "\r\n"));
    assertEquals(101, client.readHttpResponse().status());
    return client;
  }

  private static double expiredCount() {
    Counter counter = gateway.registry().find("wsgate.limit.rejections").tag("limit", "token_expired").counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void aConnectionOutlivesExpByTheClockSkewThenIsClosedWith1008() throws Exception {
    long exp = System.currentTimeMillis() / 1000 + 2;
    double before = expiredCount();
    try (RawClient client = openWith(new JsonObject().put("sub", "alice").put("exp", exp))) {
      // Half the skew after exp: a handshake would still pass, so the connection stays open.
      Thread.sleep(Math.max(0, exp * 1000 + SKEW_SECONDS * 500L - System.currentTimeMillis()));
      client.sendText("still open");
      assertEquals("still open", client.readFrame().text());

      client.setTimeout(SKEW_SECONDS * 1000 + 5000);
      ServerFrame close = client.readFrame();
      assertEquals(RawClient.OP_CLOSE, close.opcode());
      assertEquals(1008, close.closeCode());
      assertEquals("token expired", close.closeReason());
      assertTrue(System.currentTimeMillis() >= (exp + SKEW_SECONDS) * 1000, "closed before exp + skew");
      client.sendClose(1008, "");
      assertTrue(client.serverClosedTcp());
    }
    assertEquals(before + 1, expiredCount());
  }

  @Test
  void aTokenWithoutExpOpensAConnectionThatIsNotClosedForIt() throws Exception {
    try (RawClient client = openWith(new JsonObject().put("sub", "bob"))) {
      client.sendText("no exp");
      assertEquals("no exp", client.readFrame().text());
    }
  }
}
