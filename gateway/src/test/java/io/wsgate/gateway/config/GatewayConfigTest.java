package io.wsgate.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.wsgate.gateway.routing.Route;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class GatewayConfigTest {

  private static JsonObject minimal() {
    return new JsonObject().put("routes", new JsonArray()
        .add(new JsonObject().put("path", "/echo").put("router", "echo")));
  }

  @Test
  void defaultsApplyWhenOnlyARouteIsGiven() {
    GatewayConfig config = GatewayConfig.parse(minimal());
    assertEquals(8080, config.server().port());
    assertEquals(8081, config.server().managementPort());
    assertEquals("0.0.0.0", config.server().host());
    assertEquals(8192, config.limits().maxHandshakeBytes());
    assertEquals(10_000, config.limits().handshakeTimeoutMs());
    assertEquals(16L << 20, config.limits().maxFrameSize());
    assertEquals(16L << 20, config.limits().maxMessageSize());
    Route route = config.routes().get(0);
    assertEquals("echo", route.name());
    assertEquals("wsgate.route.echo", route.address());
    assertEquals(List.of(), route.subprotocols());
  }

  @Test
  void clientLimitsDefaultToPerConnectionRatesOnAndPerAddressLimitsOff() {
    ClientLimits clients = GatewayConfig.parse(minimal()).limits().clients();
    assertEquals(new ClientLimits(100_000, 0, 0, 100, 100_000, 1000, 5000, 16L << 20, 64L << 20), clients);
  }

  @Test
  void zeroTurnsEachLimitOff() {
    JsonObject json = minimal().put("limits", new JsonObject()
        .put("maxConnections", 0).put("messagesPerSecond", 0).put("bytesPerSecond", "0"));
    ClientLimits clients = GatewayConfig.parse(json).limits().clients();
    assertEquals(0, clients.maxConnections());
    assertEquals(0, clients.messagesPerSecond());
    assertEquals(0, clients.bytesPerSecond());
  }

  @Test
  void environmentKeysOverrideHostAndPorts() {
    JsonObject json = minimal()
        .put("server", new JsonObject().put("port", 9000))
        .put("WSGATE_HOST", "127.0.0.1").put("WSGATE_PORT", "9100").put("WSGATE_MANAGEMENT_PORT", "9101");
    GatewayConfig config = GatewayConfig.parse(json);
    assertEquals("127.0.0.1", config.server().host());
    assertEquals(9100, config.server().port());
    assertEquals(9101, config.server().managementPort());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "unknown top-level key      | {\"sever\":{}}                                   | sever: unknown key",
      "port not a number          | {\"server\":{\"port\":\"http\"}}                 | server.port: must be a whole number",
      "port out of range          | {\"server\":{\"port\":70000}}                    | server.port: must be between 0 and 65535",
      "same ports                 | {\"server\":{\"port\":9000,\"managementPort\":9000}} | server.managementPort: must differ",
      "typo in limits             | {\"limits\":{\"maxFrameSzie\":10}}               | limits.maxFrameSzie: unknown key",
      "negative timeout           | {\"limits\":{\"handshakeTimeoutMs\":-1}}         | limits.handshakeTimeoutMs: must be between",
      "limits not an object       | {\"limits\":5}                                   | limits: must be an object",
      "negative connection cap    | {\"limits\":{\"maxConnections\":-1}}             | limits.maxConnections: must be between 0 and",
      "per-IP cap not a number    | {\"limits\":{\"maxConnectionsPerIp\":\"many\"}}   | limits.maxConnectionsPerIp: must be a whole number",
      "fractional handshake rate  | {\"limits\":{\"handshakesPerSecondPerIp\":0.5}}  | limits.handshakesPerSecondPerIp: must be a whole number",
      "empty handshake burst      | {\"limits\":{\"handshakeBurstPerIp\":0}}         | limits.handshakeBurstPerIp: must be between 1 and",
      "no address tracked         | {\"limits\":{\"maxTrackedIps\":0}}              | limits.maxTrackedIps: must be between 1 and",
      "negative message rate      | {\"limits\":{\"messagesPerSecond\":-5}}          | limits.messagesPerSecond: must be between 0 and",
      "empty message burst        | {\"limits\":{\"messageBurst\":0}}               | limits.messageBurst: must be between 1 and",
      "byte rate out of range     | {\"limits\":{\"bytesPerSecond\":2199023255553}} | limits.bytesPerSecond: must be between 0 and",
      "empty byte burst           | {\"limits\":{\"byteBurst\":0}}                  | limits.byteBurst: must be between 1 and",
      "typo in a client limit     | {\"limits\":{\"maxConnectionsPerIP\":5}}         | limits.maxConnectionsPerIP: unknown key",
  })
  void badValuesNameTheirKey(String label, String overrides, String expected) {
    JsonObject json = minimal();
    JsonObject extra = new JsonObject(overrides);
    extra.forEach(e -> json.put(e.getKey(), e.getValue()));
    ConfigException e = assertThrows(ConfigException.class, () -> GatewayConfig.parse(json));
    assertTrue(e.getMessage().startsWith(expected), () -> label + ": " + e.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "no routes                  | []                                                              | routes: at least one route",
      "path without slash         | [{\"path\":\"echo\",\"router\":\"echo\"}]                        | routes[0].path: must start with '/'",
      "path with query            | [{\"path\":\"/a?b\",\"router\":\"echo\"}]                        | routes[0].path: must start with '/'",
      "missing router             | [{\"path\":\"/a\"}]                                              | routes[0].router: is required",
      "duplicate path             | [{\"path\":\"/a\",\"router\":\"echo\"},{\"path\":\"/a\",\"router\":\"echo\"}] | routes[1].path: duplicate",
      "duplicate name             | [{\"path\":\"/a\",\"router\":\"echo\",\"name\":\"x\"},{\"path\":\"/b\",\"router\":\"echo\",\"name\":\"x\"}] | routes[1].name: duplicate",
      "subprotocol not a token    | [{\"path\":\"/a\",\"router\":\"echo\",\"subprotocols\":[\"a b\"]}] | routes[0].subprotocols[0]: must be an HTTP token",
      "origins not a list         | [{\"path\":\"/a\",\"router\":\"echo\",\"allowedOrigins\":\"x\"}]   | routes[0].allowedOrigins: must be a list",
      "unknown route key          | [{\"path\":\"/a\",\"router\":\"echo\",\"rooter\":1}]               | routes[0].rooter: unknown key",
  })
  void badRoutesNameTheirKey(String label, String routes, String expected) {
    JsonObject json = new JsonObject().put("routes", new JsonArray(routes));
    ConfigException e = assertThrows(ConfigException.class, () -> GatewayConfig.parse(json));
    assertTrue(e.getMessage().startsWith(expected), () -> label + ": " + e.getMessage());
  }

  @Test
  void routeNameDefaultsFromPath() {
    JsonObject json = new JsonObject().put("routes", new JsonArray()
        .add(new JsonObject().put("path", "/chat/v1").put("router", "echo"))
        .add(new JsonObject().put("path", "/").put("router", "echo")));
    GatewayConfig config = GatewayConfig.parse(json);
    assertEquals("chat.v1", config.routes().get(0).name());
    assertEquals("root", config.routes().get(1).name());
  }
}
