package io.wsgate.gateway.cluster;

import io.wsgate.gateway.interop.GatewayProcess;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Starts gateway processes that form one cluster on 127.0.0.1, and reads their metrics. */
public final class ClusterNodes {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private ClusterNodes() {
  }

  /**
   * Starts {@code count} nodes together with {@code config} (which must enable the cluster),
   * each on its own Hazelcast port with every node as a member, and waits until every rooms
   * router sees all of them.
   */
  public static List<GatewayProcess> start(String name, int count, Path config, Map<String, String> env)
      throws Exception {
    // Every port of every node from one call, so that nodes starting together cannot collide:
    // WebSocket, management, Hazelcast and event bus, four per node.
    int[] ports = GatewayProcess.freePorts(4 * count);
    List<String> members = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      members.add("127.0.0.1:" + ports[4 * i + 2]);
    }
    List<CompletableFuture<GatewayProcess>> starting = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Map<String, String> nodeEnv = new HashMap<>(env);
      nodeEnv.put("WSGATE_CLUSTER_PORT", Integer.toString(ports[4 * i + 2]));
      nodeEnv.put("WSGATE_EVENTBUS_PORT", Integer.toString(ports[4 * i + 3]));
      nodeEnv.put("WSGATE_CLUSTER_MEMBERS", String.join(",", members));
      String label = name + "-node" + (i + 1);
      int[] listeners = {ports[4 * i], ports[4 * i + 1]};
      starting.add(CompletableFuture.supplyAsync(() ->
          GatewayProcess.start(label, List.of(), List.of("--config", config.toString()), nodeEnv, listeners)));
    }
    List<GatewayProcess> nodes = new ArrayList<>();
    for (CompletableFuture<GatewayProcess> node : starting) {
      nodes.add(node.get(120, TimeUnit.SECONDS));
    }
    for (GatewayProcess node : nodes) {
      await(() -> gauge(node, "wsgate_rooms_nodes\\{route=\"rooms\"}") == count,
          node + " sees " + count + " rooms nodes", Duration.ofSeconds(30));
    }
    return nodes;
  }

  /** The value of one gauge line of the node's {@code /metrics}; -1 when it is not there. */
  public static int gauge(GatewayProcess node, String series) {
    try {
      HttpResponse<String> metrics = HTTP.send(HttpRequest.newBuilder(node.managementUri("/metrics")).build(),
          HttpResponse.BodyHandlers.ofString());
      Matcher matcher = Pattern.compile("(?m)^" + series + " ([0-9.eE+-]+)$").matcher(metrics.body());
      return matcher.find() ? (int) Double.parseDouble(matcher.group(1)) : -1;
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  public static void await(BooleanSupplier condition, String what, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + timeout.toSeconds() + " s: " + what);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
