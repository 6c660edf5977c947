package io.wsgate.gateway.limits;

import static io.wsgate.gateway.limits.GatewayMeters.counter;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.wsgate.gateway.Gateway;
import io.wsgate.gateway.testing.RawClient;
import io.wsgate.gateway.testing.RawClient.HttpResponse;
import io.wsgate.gateway.testing.TestGateway;
import java.io.IOException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code limits.handshakesPerSecondPerIp} / {@code handshakeBurstPerIp}: an address that used up
 * its burst gets 429 with Retry-After; other addresses are not affected. Each test uses loopback
 * addresses of its own, so the tests do not share buckets.
 */
@ExtendWith(VertxExtension.class)
class HandshakeRateTest {

  private static final int BURST = 3;
  /** Attempts after the burst within which the 429 must come (each one second of refill apart). */
  private static final int MAX_EXTRA_ATTEMPTS = 5;

  private static Gateway gateway;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    JsonObject config = TestGateway.config();
    config.getJsonObject("limits").put("handshakesPerSecondPerIp", 1).put("handshakeBurstPerIp", BURST);
    gateway = TestGateway.start(vertx, config);
  }

  private static HttpResponse handshake(String address, String path) throws IOException {
    try (RawClient client = RawClient.connectFrom(address, gateway.webSocketPort())) {
      client.write(RawClient.upgradeRequest(path, ""));
      HttpResponse response = client.readHttpResponse();
      if (response.status() != 101) {
        assertTrue(client.serverClosedTcp(), "server must close TCP after a " + response.status());
      }
      return response;
    }
  }

  /** Handshakes until one is refused with 429 (the burst's worth always pass first). */
  private static HttpResponse handshakeUntil429(String address) throws IOException {
    for (int i = 0; i < MAX_EXTRA_ATTEMPTS; i++) {
      HttpResponse response = handshake(address, "/echo");
      if (response.status() == 429) {
        return response;
      }
      assertEquals(101, response.status(), response.statusLine());
    }
    return fail("no 429 after " + BURST + " + " + MAX_EXTRA_ATTEMPTS + " handshakes from " + address);
  }

  @Test
  void anAddressOverItsBurstGets429WithRetryAfterAndOthersAreServed() throws Exception {
    double before = counter(gateway, "wsgate.handshake.failures", "status", "429");
    for (int i = 0; i < BURST; i++) {
      assertEquals(101, handshake("127.0.0.2", "/echo").status(), "handshake " + i + " is within the burst");
    }
    HttpResponse refused = handshakeUntil429("127.0.0.2");
    assertEquals("HTTP/1.1 429 Too Many Requests", refused.statusLine());
    assertTrue(refused.headers().get("retry-after").matches("[1-9][0-9]*"), refused.headers().toString());
    assertEquals("close", refused.headers().get("connection"));
    assertEquals("too many handshakes, retry later\n", refused.body());

    try (RawClient other = RawClient.openFrom("127.0.0.3", gateway.webSocketPort(), "/echo")) {
      other.sendText("served");
      assertEquals("served", other.readFrame().text());
    }
    assertTrue(counter(gateway, "wsgate.handshake.failures", "status", "429") > before);
    assertTrue(counter(gateway, "wsgate.limit.rejections", "limit", "handshake_rate") >= 1);
  }

  /** The allowance counts requests, not successes: probing with bad requests uses it up too. */
  @Test
  void refusedHandshakesCountAgainstTheAllowance() throws Exception {
    for (int i = 0; i < BURST; i++) {
      assertEquals(404, handshake("127.0.0.4", "/nowhere").status());
    }
    handshakeUntil429("127.0.0.4");
  }
}
