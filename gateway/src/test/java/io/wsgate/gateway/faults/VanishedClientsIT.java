package io.wsgate.gateway.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.wsgate.gateway.rooms.RoomsClient;
import io.wsgate.gateway.testing.RawClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Clients of {@code /rooms} that vanish without a Close are cleaned up: those whose TCP is reset
 * (SO_LINGER 0) at once, those that simply stop reading and writing (a half-open peer: its host
 * is gone, nothing comes back) by the ping timeout. Afterwards presence no longer lists them,
 * their own rooms are gone, and every gauge that counted them (open connections, group
 * memberships, rooms, room members, open files) is back at its value from before they came. A
 * live client that answers Pings stays connected all along.
 */
class VanishedClientsIT {

  private static final int RESET_CLIENTS = 20;
  private static final int SILENT_CLIENTS = 20;
  private static final long PING_INTERVAL_MS = 3000;
  private static final long PING_TIMEOUT_MS = 2000;
  private static final long CLOSE_TIMEOUT_MS = 1000;
  private static final Duration CLEANUP = Duration.ofSeconds(30);
  private static final double FD_SLACK = 10;

  private static FaultGateway gateway;

  @BeforeAll
  static void start() throws IOException {
    gateway = FaultGateway.start("vanished-clients", String.join("\n",
        "limits:",
        "  pingIntervalMs: " + PING_INTERVAL_MS,
        "  pingTimeoutMs: " + PING_TIMEOUT_MS,
        "  closeTimeoutMs: " + CLOSE_TIMEOUT_MS,
        "routes:",
        "  - path: /rooms",
        "    router: rooms",
        "api:",
        "  key: " + FaultGateway.API_KEY,
        "  route: rooms",
        ""));
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  @Test
  void resetAndSilentClientsLeavePresenceAndEveryGaugeReturnsToItsBaseline() throws Exception {
    RoomsClient observer = RoomsClient.connect(gateway.http, gateway.ws("/rooms"), "observer");
    observer.join("lobby");
    String[] gauges = {"wsgate_group_members", "wsgate_groups_open", "wsgate_rooms_members", "wsgate_rooms_open"};
    double[] baseline = new double[gauges.length];
    for (int i = 0; i < gauges.length; i++) {
      baseline[i] = gateway.metric(gauges[i]);
    }
    double baselineFiles = gateway.metric("process_files_open_files");
    double pingTimeoutsBefore = gateway.metric("wsgate_ping_timeouts_total", "route", "rooms");

    List<RawClient> reset = joinAll("reset", RESET_CLIENTS);
    List<RawClient> silent = joinAll("silent", SILENT_CLIENTS);
    // An unsolicited Pong (RFC 6455 §5.5.3) counts as life: every raw client's idle clock starts now,
    // however long the others took to join on a loaded machine.
    for (RawClient client : reset) {
      client.sendFrame(true, RawClient.OP_PONG, new byte[0]);
    }
    for (RawClient client : silent) {
      client.sendFrame(true, RawClient.OP_PONG, new byte[0]);
    }
    int vanishing = RESET_CLIENTS + SILENT_CLIENTS;
    // They are there: in the lobby's presence, and counted (lobby + own room each).
    assertEquals(vanishing + 1, lobbyPresence().size(), "lobby presence before they vanish");
    assertEquals(baseline[2] + 2 * vanishing, gateway.metric("wsgate_rooms_members"), "room members with them");
    assertEquals(vanishing + 1, gateway.metric("wsgate_connections_open", "route", "rooms"));

    for (RawClient client : reset) {
      client.abort(); // RST
    }
    // The silent ones do nothing from here on: no reads, no writes, no FIN.

    Set<String> left = new TreeSet<>();
    while (left.size() < vanishing) {
      JsonObject event = observer.next(m -> "presence".equals(m.getString("op")) && "leave".equals(m.getString("event")),
          "presence leave (have " + left.size() + " of " + vanishing + ": " + left + ")");
      left.add(event.getString("user"));
    }
    assertEquals(Set.of("observer"), Set.copyOf(lobbyPresence().getList()), "lobby presence after they vanished");
    assertEquals(new JsonArray().add(new JsonObject().put("room", "lobby").put("users", 1)),
        new JsonObject(apiBody("/api/rooms")).getJsonArray("rooms"), "rooms on the node: only the observer's");

    gateway.awaitMetric("wsgate_connections_open", v -> v == 1, "1 (the observer)", CLEANUP, "route", "rooms");
    for (int i = 0; i < gauges.length; i++) {
      double value = baseline[i];
      gateway.awaitMetric(gauges[i], v -> v == value, "back to " + value, CLEANUP);
    }
    gateway.awaitMetric("process_files_open_files", v -> v <= baselineFiles + FD_SLACK,
        "back to the baseline " + baselineFiles, CLEANUP);
    assertEquals(SILENT_CLIENTS, gateway.metric("wsgate_ping_timeouts_total", "route", "rooms") - pingTimeoutsBefore,
        "the silent clients, and only they, were closed by the ping timeout");

    // What a silent client would have read: a Ping, then Close 1001 "ping timeout", then the end of TCP.
    for (RawClient client : silent) {
      assertPingThenPingTimeout(client);
      client.close();
    }
    // The observer answered every Ping (the JDK client does) and is still served.
    observer.send(new JsonObject().put("op", "presence").put("room", "lobby").put("id", "still-here"));
    observer.next(m -> "still-here".equals(m.getString("id")), "the observer's presence reply");
    observer.close();
  }

  /** Opens {@code count} raw clients named PREFIX-N, each joining the lobby and a room of its own. */
  private static List<RawClient> joinAll(String prefix, int count) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<RawClient>> joining = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        String user = prefix + "-" + i;
        String source = "127.0.0." + (2 + i % 4);
        joining.add(pool.submit(() -> {
          Socket socket = new Socket();
          socket.bind(new InetSocketAddress(source, 0));
          socket.connect(new InetSocketAddress("127.0.0.1", gateway.port()), 5000);
          RawClient client = RawClient.open(socket, "/rooms?user=" + user);
          join(client, "lobby");
          join(client, "own-" + user);
          return client;
        }));
      }
      List<RawClient> clients = new ArrayList<>();
      for (Future<RawClient> future : joining) {
        clients.add(future.get(30, TimeUnit.SECONDS));
      }
      return clients;
    } finally {
      pool.shutdownNow();
    }
  }

  private static void join(RawClient client, String room) throws IOException {
    client.sendText(new JsonObject().put("op", "join").put("room", room).encode());
    while (true) {
      RawClient.ServerFrame frame = client.readFrame();
      if (frame.opcode() == RawClient.OP_TEXT) {
        JsonObject message = new JsonObject(frame.text());
        if ("joined".equals(message.getString("op")) && room.equals(message.getString("room"))) {
          return;
        }
      } else if (frame.opcode() == RawClient.OP_PING) {
        client.sendFrame(true, RawClient.OP_PONG, frame.payload());
      } else {
        fail("while joining " + room + ": frame with opcode " + frame.opcode() + " " + frame.text());
      }
    }
  }

  private static void assertPingThenPingTimeout(RawClient client) throws IOException {
    List<String> seen = new ArrayList<>();
    boolean pinged = false;
    try {
      while (true) {
        RawClient.ServerFrame frame = client.readFrame();
        seen.add(frame.opcode() == RawClient.OP_TEXT ? "text" : "opcode " + frame.opcode());
        if (frame.opcode() == RawClient.OP_PING) {
          pinged = true;
        } else if (frame.opcode() == RawClient.OP_CLOSE) {
          assertTrue(pinged, "a Close before any Ping: " + seen);
          assertEquals(1001, frame.closeCode());
          assertEquals("ping timeout", frame.closeReason());
          assertTrue(client.serverClosedTcp(), "TCP ended after the Close");
          return;
        }
      }
    } catch (SocketTimeoutException e) {
      fail("a silent client's socket holds no Close; frames: " + seen);
    }
  }

  private static JsonArray lobbyPresence() {
    return new JsonObject(apiBody("/api/rooms/lobby/presence")).getJsonArray("users");
  }

  private static String apiBody(String path) {
    String answer = gateway.api(path);
    assertTrue(answer.startsWith("200 "), "GET " + path + ": " + answer);
    return answer.substring(4);
  }
}
