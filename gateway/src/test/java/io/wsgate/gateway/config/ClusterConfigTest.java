package io.wsgate.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.config.Config;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.wsgate.gateway.cluster.ClusterSetupAccess;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** cluster.*: off by default, strict, overridable per node from the environment. */
@ExtendWith(VertxExtension.class)
class ClusterConfigTest {

  private static JsonObject minimal() {
    return new JsonObject().put("routes", new JsonArray().add(new JsonObject().put("path", "/echo").put("router", "echo")));
  }

  @Test
  void aSingleNodeByDefault() {
    ClusterSettings cluster = GatewayConfig.parse(minimal()).cluster();
    assertFalse(cluster.enabled());
    assertEquals("127.0.0.1", cluster.host());
  }

  @Test
  void theEnvironmentTurnsANodeIntoAClusterMember() {
    JsonObject json = minimal()
        .put("WSGATE_CLUSTER", "true")
        .put("WSGATE_CLUSTER_HOST", "10.0.0.12")
        .put("WSGATE_CLUSTER_PORT", "5801")
        .put("WSGATE_CLUSTER_MEMBERS", "10.0.0.11:5801, 10.0.0.12:5801,")
        .put("WSGATE_EVENTBUS_PORT", "5802");
    ClusterSettings cluster = GatewayConfig.parse(json).cluster();
    assertTrue(cluster.enabled());
    assertEquals("10.0.0.12", cluster.host());
    assertEquals(5801, cluster.port());
    assertEquals(List.of("10.0.0.11:5801", "10.0.0.12:5801"), cluster.members());
    assertEquals("10.0.0.12", cluster.eventBusHost(), "the event bus binds to the cluster host, not a lookup");
    assertEquals("10.0.0.12", cluster.eventBusPublicHost());
    assertEquals(5802, cluster.eventBusPort());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "wildcard host       | {\"enabled\":true,\"host\":\"0.0.0.0\",\"members\":[\"a:1\"]} | cluster.host: must be an address the other nodes can reach, not the wildcard \"0.0.0.0\"",
      "no members          | {\"enabled\":true}                                          | cluster.members: is required when the cluster is enabled: list at least one member as host:port (this node may be one)",
      "member without port | {\"members\":[\"10.0.0.1\"]}                                | cluster.members[0]: must be host:port, got \"10.0.0.1\"",
      "bad name            | {\"name\":\"a b\"}                                          | cluster.name: must be 1-64 of A-Z a-z 0-9 . _ -, got \"a b\"",
      "enabled not boolean | {\"enabled\":\"yes\"}                                       | cluster.enabled: must be true or false, got \"yes\"",
      "unknown key         | {\"multicast\":true}                                        | cluster.multicast: unknown key (known: enabled, eventBusHost, eventBusPort, eventBusPublicHost, eventBusPublicPort, host, memberTimeoutSeconds, members, name, port, publicHost, publicPort)",
      "public port alone   | {\"eventBusPublicPort\":6000}                               | cluster.eventBusPublicPort: needs a fixed cluster.eventBusPort",
  })
  void badValuesNameTheirKey(String label, String cluster, String expected) {
    JsonObject json = minimal().put("cluster", new JsonObject(cluster));
    ConfigException e = assertThrows(ConfigException.class, () -> GatewayConfig.parse(json));
    assertEquals(expected, e.getMessage());
  }

  @Test
  void hazelcastJoinsOnlyTheListedMembersOnTheConfiguredAddress(Vertx vertx) throws Exception {
    GatewayConfig config = ConfigLoader.load(vertx, Path.of("..", "conf", "gateway-cluster.yaml"))
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertTrue(config.cluster().enabled());
    Config hazelcast = ClusterSetupAccess.hazelcast(config.cluster());
    assertFalse(hazelcast.getNetworkConfig().getJoin().getMulticastConfig().isEnabled());
    assertFalse(hazelcast.getNetworkConfig().getJoin().getAutoDetectionConfig().isEnabled());
    assertEquals(List.of("127.0.0.1:5701"), hazelcast.getNetworkConfig().getJoin().getTcpIpConfig().getMembers());
    assertEquals("127.0.0.1:5701", hazelcast.getNetworkConfig().getPublicAddress());
    assertEquals("127.0.0.1", hazelcast.getProperty("hazelcast.local.localAddress"));
    assertEquals("10", hazelcast.getProperty("hazelcast.max.no.heartbeat.seconds"));
    assertEquals("127.0.0.1", ClusterSetupAccess.eventBus(config.cluster()).getHost());
    assertEquals(5702, ClusterSetupAccess.eventBus(config.cluster()).getPort());
  }
}
