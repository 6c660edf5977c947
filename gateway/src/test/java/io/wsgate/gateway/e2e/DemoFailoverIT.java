package io.wsgate.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wsgate.gateway.balancer.HaproxyProcess;
import io.wsgate.gateway.cluster.ClusterNodes;
import io.wsgate.gateway.interop.GatewayProcess;
import io.wsgate.gateway.testing.Scripts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo page behind the shipped HAProxy configuration with two clustered nodes: when the node
 * a page is connected to drains (SIGTERM), the page reconnects through HAProxy to the live node
 * and rejoins its room. The browser part is {@code src/test/e2e/demo_failover.test.mjs}.
 */
class DemoFailoverIT {

  /** Long enough for HAProxy's checks (inter 1s, fall 2) to take the node out before it closes clients. */
  private static final String DRAIN_DELAY_MS = "3000";

  @Test
  @Timeout(value = 240, unit = TimeUnit.SECONDS)
  void aDrainedNodesPageReconnectsThroughTheLoadBalancerAndRejoins(@TempDir Path dir) throws Exception {
    Path e2e = Path.of(System.getProperty("user.dir")).resolve("src/test/e2e").toAbsolutePath();
    DemoPageIT.requireTools(e2e);
    int balancerPort = HaproxyProcess.freePort();
    Path config = Files.writeString(dir.resolve("cluster.yaml"), String.join("\n",
        "cluster:",
        "  enabled: true",
        "  name: wsgate-demo-failover-" + ProcessHandle.current().pid(),
        "  host: 127.0.0.1",
        "routes:",
        "  - path: /rooms",
        "    router: rooms",
        "    options: {heartbeatMs: 500, nodeTimeoutMs: 3000}",
        "demo:",
        "  webSocketUrl: ws://127.0.0.1:" + balancerPort + "/rooms",
        ""), StandardCharsets.UTF_8);
    List<GatewayProcess> nodes = ClusterNodes.start("demo-failover", 2, config,
        Map.of("WSGATE_DRAIN_DELAY_MS", DRAIN_DELAY_MS));
    try (HaproxyProcess haproxy = HaproxyProcess.start("demo-failover", HaproxyProcess.serversFor(nodes), null,
        balancerPort)) {
      GatewayProcess drained = nodes.get(1);
      Scripts.Result result = Scripts.run("e2e-failover", List.of("node", e2e.resolve("demo_failover.test.mjs").toString(),
          "http://127.0.0.1:" + nodes.get(0).managementPort(), Long.toString(drained.pid())), e2e, Map.of(),
          Duration.ofSeconds(180));
      String logs = "\nnode 1 log tail:\n" + nodes.get(0).logTail(30) + "\nnode 2 log tail:\n" + drained.logTail(30)
          + "\nhaproxy:\n" + haproxy.output();
      assertEquals(0, result.exitCode(), () -> "browser test failed:\n" + result.output() + logs);
      assertEquals(true, drained.awaitExit(Duration.ofSeconds(30)), () -> "the drained node did not exit" + logs);
      assertEquals(0, drained.exitCode(), () -> "the drained node's exit code" + logs);
    } finally {
      nodes.forEach(GatewayProcess::stop);
    }
  }
}
