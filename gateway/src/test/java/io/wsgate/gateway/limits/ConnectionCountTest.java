package io.wsgate.gateway.limits;

import static io.wsgate.gateway.limits.GatewayMeters.awaitOpenConnections;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.wsgate.gateway.Gateway;
import io.wsgate.gateway.server.ScriptedRouter;
import io.wsgate.gateway.testing.RawClient;
import io.wsgate.gateway.testing.RawClient.ServerFrame;
import io.wsgate.gateway.testing.TestGateway;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The connection counts behind the caps stay exact: a connection gives its place back exactly
 * once whichever way it ends, and a handshake that fails never takes one. Both server instances
 * (event loops) share the counts.
 */
@ExtendWith(VertxExtension.class)
class ConnectionCountTest {

  private static final int CAP = 8;
  private static final String ECHO = "/echo";
  private static final String SCRIPTED = "/scripted";

  private static Gateway gateway;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    JsonObject config = TestGateway.config();
    config.getJsonObject("limits")
        .put("maxConnections", CAP).put("maxConnectionsPerIp", CAP)
        .put("messagesPerSecond", 1).put("messageBurst", 3)
        .put("writeQueueHighWater", 1024).put("maxOutboundQueue", 0);
    config.getJsonArray("routes").add(new JsonObject()
        .put("path", SCRIPTED).put("name", "count-scripted").put("router", ScriptedRouter.class.getName()));
    gateway = TestGateway.start(vertx, config);
  }

  private static RawClient open(String path) throws IOException {
    return RawClient.open(gateway.webSocketPort(), path);
  }

  private static int handshakeStatus(String path) throws IOException {
    return handshakeStatus("127.0.0.1", path);
  }

  private static int handshakeStatus(String address, String path) throws IOException {
    try (RawClient client = RawClient.connectFrom(address, gateway.webSocketPort())) {
      client.write(RawClient.upgradeRequest(path, ""));
      return client.readHttpResponse().status();
    }
  }

  @Test
  void everyWayAConnectionEndsGivesItsPlaceBackExactlyOnce() throws Exception {
    // Handshakes that fail take no place, the 503 included.
    assertEquals(404, handshakeStatus("/nowhere"));
    try (RawClient abandoned = RawClient.connect(gateway.webSocketPort())) {
      abandoned.write("GET /echo HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    }

    RawClient clientClose = open(ECHO);
    RawClient fin = open(ECHO);
    RawClient reset = open(ECHO);
    RawClient protocolError = open(ECHO);
    RawClient overRate = open(ECHO);
    RawClient routerClose = open(SCRIPTED);
    RawClient slowConsumer = open(SCRIPTED);
    RawClient idle = open(ECHO);
    assertEquals(503, handshakeStatus(ECHO), "all " + CAP + " places taken");

    clientClose.sendClose(1000, "bye");
    assertEquals(RawClient.OP_CLOSE, clientClose.readFrame().opcode());
    assertTrue(clientClose.serverClosedTcp());

    fin.close();
    reset.abort();

    protocolError.write(RawClient.encode(true, 0, RawClient.OP_TEXT, new byte[] {'x'}, false, 0));
    assertEquals(1002, protocolError.readUntilClose().closeCode());
    protocolError.close();

    for (int i = 0; i < 5; i++) {
      overRate.sendText("m" + i);
    }
    ServerFrame rateClose = overRate.readUntilClose();
    assertEquals(1008, rateClose.closeCode());
    overRate.close();

    routerClose.sendText("close 4000 bye");
    assertEquals(4000, routerClose.readUntilClose().closeCode());
    routerClose.sendClose(4000, "");
    assertTrue(routerClose.serverClosedTcp());

    // Never reads: the router's flood goes over writeQueueHighWater + maxOutboundQueue at once.
    slowConsumer.sendText("flood 64 65536");

    awaitOpenConnections(gateway, 1);
    idle.close();
    awaitOpenConnections(gateway, 0);
    for (RawClient client : List.of(clientClose, routerClose, slowConsumer)) {
      client.close();
    }

    // Exactly CAP places again: none leaked (the next CAP from the same address open) and none
    // given back twice (one more is refused, from an address whose own count is 0).
    List<RawClient> again = new ArrayList<>();
    try {
      for (int i = 0; i < CAP; i++) {
        RawClient client = open(i % 2 == 0 ? ECHO : SCRIPTED);
        again.add(client);
      }
      assertEquals(503, handshakeStatus("127.0.0.2", ECHO));
      RawClient last = again.get(again.size() - 2);
      last.sendText("still served");
      assertEquals("still served", new String(last.readFrame().payload(), StandardCharsets.UTF_8));
    } finally {
      for (RawClient client : again) {
        client.close();
      }
    }
    awaitOpenConnections(gateway, 0);
  }
}
