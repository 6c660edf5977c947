package io.wsgate.gateway.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.wsgate.gateway.interop.GatewayProcess;
import io.wsgate.gateway.interop.InteropIT;
import io.wsgate.gateway.balancer.HaproxyProcess;
import io.wsgate.gateway.rooms.RoomsClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three gateway JVMs clustered over Hazelcast on 127.0.0.1 behind a real HAProxy running the
 * shipped conf/haproxy/haproxy.cfg (leastconn, health checks on {@code /health/ready}): rooms,
 * presence, direct messages, broadcast and the publish API across nodes, then {@code kill -9}
 * of one node. The last test kills a node, so the order matters.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClusterIT {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final int NODES = 3;
  private static final int CLIENTS = 6;
  /**
   * Rooms routers heartbeat every 500 ms and count a node gone after 3 s of silence: fast, but
   * not so fast that a loaded two-core CI machine makes live nodes look dead.
   */
  private static final long NODE_TIMEOUT_MS = 3_000;
  private static final String API_KEY = "cluster-test-key";

  @TempDir
  static Path dir;

  private static final List<GatewayProcess> nodes = new ArrayList<>();
  private static HaproxyProcess haproxy;
  private static final List<RoomsClient> clients = new ArrayList<>();

  @BeforeAll
  static void startCluster() throws Exception {
    Path config = dir.resolve("cluster.yaml");
    Files.writeString(config, String.join("\n",
        "cluster:",
        "  enabled: true",
        "  name: wsgate-cluster-it-" + ProcessHandle.current().pid(),
        "  host: 127.0.0.1",
        // Hazelcast's own failure detection stays well above the rooms routers' node timeout
        // and the SIGSTOP pause below: that test is about the routers' view, not a split brain.
        "  memberTimeoutSeconds: 10",
        "routes:",
        "  - path: /rooms",
        "    router: rooms",
        "    options: {heartbeatMs: 500, nodeTimeoutMs: " + NODE_TIMEOUT_MS + "}",
        "  - path: /broadcast",
        "    router: broadcast",
        "api:",
        "  key: " + API_KEY,
        "  route: rooms",
        ""), StandardCharsets.UTF_8);
    nodes.addAll(ClusterNodes.start("cluster", NODES, config, Map.of()));
    // The shipped conf/haproxy/haproxy.cfg with these three nodes as its servers.
    haproxy = HaproxyProcess.start("cluster", HaproxyProcess.serversFor(nodes), null);
  }

  @AfterAll
  static void stopCluster() {
    clients.forEach(RoomsClient::close);
    if (haproxy != null) {
      haproxy.close();
    }
    nodes.forEach(GatewayProcess::stop);
  }

  @Test
  @Order(1)
  void clientsOnDifferentNodesShareOneRoomWithOneSeqOrder() {
    for (int i = 0; i < CLIENTS; i++) {
      clients.add(RoomsClient.connect(HTTP, balanced("/rooms"), "user" + i));
    }
    // leastconn spreads six held connections two per node.
    for (GatewayProcess node : nodes) {
      assertEquals(2, ClusterNodes.gauge(node, "wsgate_connections_open\\{route=\"rooms\"}"), () -> "connections on " + node);
    }
    for (RoomsClient client : clients) {
      client.join("lobby");
    }
    JsonObject presence = request(clients.get(5), new JsonObject().put("op", "presence").put("room", "lobby"));
    assertEquals(users(0, 1, 2, 3, 4, 5), new TreeSet<>(presence.getJsonArray("users").getList()));
    // Two publishers on different nodes, interleaved: every member sees the same order.
    for (int n = 0; n < 10; n++) {
      clients.get(0).send(publish("lobby", "a" + n));
      clients.get(3).send(publish("lobby", "b" + n));
    }
    List<String> first = null;
    for (RoomsClient client : clients) {
      List<String> seen = new ArrayList<>();
      long seq = 0;
      for (int n = 0; n < 20; n++) {
        JsonObject message = client.next(m -> "message".equals(m.getString("op")), "room message " + n);
        assertTrue(message.getLong("seq") > seq, () -> client.user() + ": seq went backwards at " + message);
        seq = message.getLong("seq");
        seen.add(message.getLong("seq") + ":" + message.getString("data"));
      }
      if (first == null) {
        first = seen;
      } else {
        assertEquals(first, seen, client.user() + " saw another order");
      }
    }
  }

  @Test
  @Order(2)
  void directMessagesAndThePublishApiWorkFromAnyNode() throws Exception {
    RoomsClient from = clients.get(1);
    from.send(new JsonObject().put("op", "direct").put("to", "user4").put("data", "psst"));
    assertEquals(1, from.next(m -> "sent".equals(m.getString("op")), "sent").getInteger("connections"));
    assertEquals("psst", clients.get(4).next(m -> "direct".equals(m.getString("op")), "direct").getString("data"));
    for (GatewayProcess node : nodes) {
      String body = "\"from the API of " + node.port() + "\"";
      HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(node.managementUri("/api/rooms/lobby/messages"))
          .header("Authorization", "Bearer " + API_KEY).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, response.statusCode(), response.body());
      for (RoomsClient client : clients) {
        JsonObject message = client.next(m -> "message".equals(m.getString("op")), "API message");
        assertEquals("from the API of " + node.port(), message.getString("data"));
      }
    }
  }

  @Test
  @Order(3)
  void broadcastReachesClientsOnEveryNode() throws Exception {
    List<InteropIT.Conn> receivers = new ArrayList<>();
    for (GatewayProcess node : nodes) {
      receivers.add(InteropIT.Conn.open(node.wsUri("/broadcast")));
    }
    InteropIT.Conn sender = InteropIT.Conn.open(nodes.get(0).wsUri("/broadcast"));
    sender.ws.sendText("to every node", true).get(5, TimeUnit.SECONDS);
    for (InteropIT.Conn receiver : receivers) {
      assertEquals("to every node", receiver.next().text());
    }
    sender.close();
    receivers.forEach(InteropIT.Conn::close);
  }

  @Test
  @Order(4)
  void aNodeWronglyCountedDeadIsRepairedWhenItComesBack() throws Exception {
    // SIGSTOP for longer than the node timeout: the others count node 3 gone and tell the
    // rooms its users left. After SIGCONT the periodic full reports put them back.
    GatewayProcess paused = nodes.get(2);
    signal("STOP", paused.pid());
    try {
      Thread.sleep(NODE_TIMEOUT_MS + 1_500);
    } finally {
      signal("CONT", paused.pid());
    }
    for (RoomsClient client : clients) {
      ClusterNodes.await(() -> users(0, 1, 2, 3, 4, 5).equals(new TreeSet<>(
          request(client, new JsonObject().put("op", "presence").put("room", "lobby")).getJsonArray("users").getList())),
          client.user() + " sees all six users in lobby again", Duration.ofSeconds(20));
    }
    clients.get(2).send(publish("lobby", "after the pause"));
    for (RoomsClient client : clients) {
      assertEquals("after the pause", client.next(m -> "message".equals(m.getString("op"))
          && "after the pause".equals(m.getString("data")), "message after the pause").getString("data"));
    }
  }

  @Test
  @Order(5)
  void aKilledNodesUsersLeavePresenceAndItsClientsReconnectToALiveNode() throws Exception {
    // Rooms are owned by all three nodes: with nine rooms the victim almost surely owns some
    // (their presence dies with it and is rebuilt by the survivors) and not all.
    List<String> rooms = new ArrayList<>(List.of("lobby"));
    for (char c = 'a'; c <= 'h'; c++) {
      rooms.add("room-" + c);
    }
    for (RoomsClient client : clients) {
      for (String room : rooms.subList(1, rooms.size())) {
        client.join(room);
      }
    }
    GatewayProcess victim = nodes.get(1);
    ProcessHandle.of(victim.pid()).orElseThrow().destroyForcibly();
    ClusterNodes.await(() -> !victim.isAlive(), "node 2 gone", Duration.ofSeconds(10));
    ClusterNodes.await(() -> clients.stream().filter(RoomsClient::isClosed).count() == 2, "its two clients cut off",
        Duration.ofSeconds(10));
    List<RoomsClient> survivors = clients.stream().filter(client -> !client.isClosed()).toList();
    List<RoomsClient> dropped = clients.stream().filter(RoomsClient::isClosed).toList();
    // Within the node timeout (plus a few heartbeats) every room tells its members who left.
    TreeSet<String> expected = new TreeSet<>();
    for (String room : rooms) {
      for (RoomsClient gone : dropped) {
        expected.add(room + "/" + gone.user());
      }
    }
    for (RoomsClient survivor : survivors) {
      TreeSet<String> left = new TreeSet<>();
      for (int i = 0; i < expected.size(); i++) {
        JsonObject leave = survivor.next(m -> "presence".equals(m.getString("op")) && "leave".equals(m.getString("event")),
            "presence leave " + (i + 1) + " of " + expected.size());
        left.add(leave.getString("room") + "/" + leave.getString("user"));
      }
      assertEquals(expected, left, survivor.user() + " was told of other departures");
    }
    JsonObject presence = request(survivors.get(0), new JsonObject().put("op", "presence").put("room", "lobby"));
    assertEquals(new TreeSet<>(survivors.stream().map(RoomsClient::user).toList()),
        new TreeSet<>(presence.getJsonArray("users").getList()));
    // The survivors keep receiving each other.
    survivors.get(0).send(publish("lobby", "still here"));
    for (RoomsClient survivor : survivors) {
      assertEquals("still here", survivor.next(m -> "message".equals(m.getString("op")), "message").getString("data"));
    }
    // The cut-off clients reconnect through the load balancer, land on a live node and rejoin.
    for (RoomsClient gone : dropped) {
      RoomsClient again = RoomsClient.connect(HTTP, balanced("/rooms"), gone.user());
      clients.set(clients.indexOf(gone), again);
      again.join("lobby");
    }
    JsonObject after = request(clients.get(0), new JsonObject().put("op", "presence").put("room", "lobby"));
    assertEquals(users(0, 1, 2, 3, 4, 5), new TreeSet<>(after.getJsonArray("users").getList()));
    int onLiveNodes = ClusterNodes.gauge(nodes.get(0), "wsgate_connections_open\\{route=\"rooms\"}")
        + ClusterNodes.gauge(nodes.get(2), "wsgate_connections_open\\{route=\"rooms\"}");
    assertEquals(CLIENTS, onLiveNodes);
  }

  // ---- helpers -------------------------------------------------------------------------------

  private static void signal(String name, long pid) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start();
    assertEquals(0, kill.waitFor(), "kill -" + name + " " + pid);
  }

  private static URI balanced(String path) {
    return URI.create("ws://127.0.0.1:" + haproxy.port() + path);
  }

  private static JsonObject publish(String room, String data) {
    return new JsonObject().put("op", "publish").put("room", room).put("data", data);
  }

  private static JsonObject request(RoomsClient client, JsonObject request) {
    String op = request.getString("op");
    client.send(request);
    return client.next(m -> op.equals(m.getString("op")) && m.getString("event") == null, op + " reply");
  }

  private static TreeSet<Object> users(int... numbers) {
    TreeSet<Object> users = new TreeSet<>();
    for (int n : numbers) {
      users.add("user" + n);
    }
    return users;
  }
}
