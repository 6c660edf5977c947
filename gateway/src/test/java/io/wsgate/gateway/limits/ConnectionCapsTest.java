package io.wsgate.gateway.limits;

import static io.wsgate.gateway.limits.GatewayMeters.awaitOpenConnections;
import static io.wsgate.gateway.limits.GatewayMeters.counter;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.wsgate.gateway.Gateway;
import io.wsgate.gateway.testing.RawClient;
import io.wsgate.gateway.testing.RawClient.HttpResponse;
import io.wsgate.gateway.testing.TestGateway;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code limits.maxConnections} and {@code limits.maxConnectionsPerIp} over raw sockets: the
 * handshake one over a cap gets a 503 that says nothing about which cap, and everyone else is
 * still served. Client addresses are loopback addresses of their own (127.0.0.2 ...).
 */
@ExtendWith(VertxExtension.class)
class ConnectionCapsTest {

  private static final String ECHO = "/echo";
  private static final int MAX_TOTAL = 4;
  private static final int MAX_PER_IP = 2;

  private Gateway gateway;
  private final List<RawClient> clients = new ArrayList<>();

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    JsonObject config = TestGateway.config();
    config.getJsonObject("limits").put("maxConnections", MAX_TOTAL).put("maxConnectionsPerIp", MAX_PER_IP);
    gateway = TestGateway.start(vertx, config);
  }

  private RawClient openFrom(String address) throws IOException {
    RawClient client = RawClient.openFrom(address, gateway.webSocketPort(), ECHO);
    clients.add(client);
    return client;
  }

  /** The raw response to a handshake from {@code address}, which must be a 503 closing TCP. */
  private byte[] assert503From(String address) throws IOException {
    try (RawClient client = RawClient.connectFrom(address, gateway.webSocketPort())) {
      client.write(RawClient.upgradeRequest(ECHO, ""));
      byte[] response = client.readBytes(EXACT_503.length());
      assertTrue(client.serverClosedTcp(), "server must close TCP after the 503");
      return response;
    }
  }

  private static final String EXACT_503 = "HTTP/1.1 503 Service Unavailable\r\n"
      + "Content-Type: text/plain; charset=utf-8\r\n"
      + "Content-Length: 25\r\n"
      + "Connection: close\r\n"
      + "Retry-After: 5\r\n"
      + "\r\n"
      + "server busy, retry later\n";

  private static void assertEchoes(RawClient client, String text) throws IOException {
    client.sendText(text);
    assertEquals(text, client.readFrame().text());
  }

  private void closeAll() throws Exception {
    for (RawClient client : clients) {
      client.close();
    }
    clients.clear();
    awaitOpenConnections(gateway, 0);
  }

  @Test
  void oneConnectionOverTheAddressCapGets503AndOtherAddressesAreServed() throws Exception {
    RawClient first = openFrom("127.0.0.2");
    openFrom("127.0.0.2");
    byte[] refused = assert503From("127.0.0.2");
    assertEquals(EXACT_503, new String(refused, StandardCharsets.ISO_8859_1));

    RawClient other = openFrom("127.0.0.3");
    assertEchoes(other, "another address is served");
    assertEchoes(first, "the address's open connections are untouched");
    assertEquals(1, counter(gateway, "wsgate.limit.rejections", "limit", "max_connections_per_ip"));
    assertEquals(1, counter(gateway, "wsgate.handshake.failures", "status", "503"));
    closeAll();
  }

  @Test
  void oneConnectionOverTheNodeCapGets503AndTheSameBytesAsForTheAddressCap() throws Exception {
    openFrom("127.0.0.2");
    openFrom("127.0.0.3");
    openFrom("127.0.0.4");
    RawClient last = openFrom("127.0.0.5");
    byte[] nodeFull = assert503From("127.0.0.6");
    assertEchoes(last, "open connections are untouched");
    assertEquals(1, counter(gateway, "wsgate.limit.rejections", "limit", "max_connections"));
    closeAll();

    openFrom("127.0.0.2");
    openFrom("127.0.0.2");
    byte[] addressFull = assert503From("127.0.0.2");
    assertArrayEquals(nodeFull, addressFull, "a client must not learn which cap refused it");
    closeAll();
  }

  @Test
  void aClosedConnectionMakesRoomForItsAddressAgain() throws Exception {
    openFrom("127.0.0.2");
    RawClient second = openFrom("127.0.0.2");
    assert503From("127.0.0.2");
    second.sendClose(1000, "");
    assertEquals(RawClient.OP_CLOSE, second.readFrame().opcode());
    assertTrue(second.serverClosedTcp());
    awaitOpenConnections(gateway, 1);
    assertEchoes(openFrom("127.0.0.2"), "room again");
    closeAll();
  }
}
