package io.wsgate.gateway.rooms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.wsgate.gateway.interop.GatewayProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * The rooms router end to end: the fat jar as a separate process, real WebSocket clients (the
 * JDK's), the default configuration's {@code /rooms} route. See docs/protocol.md.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RoomsIT {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private static GatewayProcess gateway;
  private static URI rooms;

  @RegisterExtension
  static final TestWatcher LOG_ON_FAILURE = new TestWatcher() {
    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
      if (gateway != null) {
        System.out.println("---- " + context.getDisplayName() + " failed; wsgate log tail (" + gateway.logFile()
            + "):\n" + gateway.logTail(40) + "\n----");
      }
    }
  };

  @BeforeAll
  static void startGateway() {
    gateway = GatewayProcess.start("rooms");
    rooms = gateway.wsUri("/rooms");
  }

  @AfterAll
  static void stopGateway() {
    if (gateway != null) {
      boolean alive = gateway.isAlive();
      gateway.stop();
      assertTrue(alive, () -> "the gateway died during the tests; log tail:\n" + gateway.logTail(60));
    }
  }

  private static RoomsClient connect(String user) {
    return RoomsClient.connect(HTTP, rooms, user);
  }

  private static JsonObject op(String op) {
    return new JsonObject().put("op", op);
  }

  private static JsonObject join(RoomsClient client, String room) {
    client.send(op("join").put("room", room).put("id", "join-" + room));
    JsonObject joined = client.next("joined");
    assertEquals("join-" + room, joined.getString("id"));
    return joined;
  }

  @Test
  void aConnectionWithoutAValidUserIsClosedWith1008() {
    for (String query : new String[] {null, "user=", "user=no%20spaces", "user=" + "x".repeat(33)}) {
      RoomsClient client = RoomsClient.await(RoomsClient.connect(HTTP, rooms, "anonymous", query), "connecting");
      RoomsClient.Closed closed = client.awaitClosed();
      assertEquals(1008, closed.code(), () -> "query " + query);
      assertTrue(closed.reason().startsWith(query == null ? "missing user" : "invalid user name"), closed::reason);
    }
  }

  @Test
  void everyOperationEndToEnd() {
    try (RoomsClient alice = connect("alice-ops"); RoomsClient bob = connect("bob-ops")) {
      assertEquals(new JsonArray().add("alice-ops"), join(alice, "ops").getJsonArray("users"));
      assertEquals(new JsonArray().add("alice-ops").add("bob-ops"), join(bob, "ops").getJsonArray("users"));
      assertEquals(new JsonObject().put("op", "presence").put("room", "ops").put("event", "join").put("user", "bob-ops"),
          alice.next());

      JsonObject data = new JsonObject().put("text", "h\u00e9llo \uD83D\uDE00").put("list", new JsonArray().add(1));
      bob.send(op("publish").put("room", "ops").put("data", data).put("id", 42));
      JsonObject message = new JsonObject().put("op", "message").put("room", "ops").put("from", "bob-ops")
          .put("seq", 1).put("data", data);
      assertEquals(message, alice.next());
      List<JsonObject> bobGot = List.of(bob.next(), bob.next()); // the message and the ack, in either order
      assertTrue(bobGot.contains(message), bobGot::toString);
      assertTrue(bobGot.contains(new JsonObject().put("op", "published").put("room", "ops").put("seq", 1).put("id", 42)),
          bobGot::toString);

      alice.send(op("presence").put("room", "ops").put("id", "p"));
      assertEquals(new JsonObject().put("op", "presence").put("room", "ops")
          .put("users", new JsonArray().add("alice-ops").add("bob-ops")).put("id", "p"), alice.next());

      alice.send(op("rooms").put("id", "r"));
      JsonObject list = alice.next("rooms");
      assertEquals("r", list.getString("id"));
      assertTrue(list.getJsonArray("rooms").contains(new JsonObject().put("room", "ops").put("users", 2)), list::encode);

      alice.send(op("direct").put("to", "bob-ops").put("data", "psst").put("id", "d"));
      assertEquals(new JsonObject().put("op", "sent").put("to", "bob-ops").put("connections", 1).put("id", "d"),
          alice.next());
      assertEquals(new JsonObject().put("op", "direct").put("from", "alice-ops").put("data", "psst"), bob.next());

      bob.send(op("leave").put("room", "ops").put("id", "l"));
      assertEquals(new JsonObject().put("op", "left").put("room", "ops").put("id", "l"), bob.next());
      assertEquals(new JsonObject().put("op", "presence").put("room", "ops").put("event", "leave").put("user", "bob-ops"),
          alice.next());
      alice.send(op("publish").put("room", "ops").put("data", 2));
      alice.next();
      alice.next();
      bob.assertNothingWithin(200);
    }
  }

  @Test
  void everyErrorEndToEndKeepsTheConnectionOpen() {
    try (RoomsClient eve = connect("eve-errors")) {
      Object[][] cases = {
          {"{oops", "bad_json"},
          {"[]", "bad_request"},
          {"{\"op\":\"join\",\"id\":1}", "bad_request"},
          {"{\"op\":\"dance\",\"id\":2}", "unknown_op"},
          {"{\"op\":\"join\",\"room\":\"no/slash\",\"id\":3}", "bad_room"},
          {"{\"op\":\"direct\",\"to\":\"no one\",\"data\":1,\"id\":4}", "bad_user"},
          {"{\"op\":\"publish\",\"room\":\"r\",\"data\":\"" + "x".repeat(70_000) + "\"}", "too_large"},
          {"{\"op\":\"publish\",\"room\":\"errors\",\"data\":1,\"id\":5}", "not_joined"},
          {"{\"op\":\"leave\",\"room\":\"errors\",\"id\":6}", "not_joined"},
          {"{\"op\":\"direct\",\"to\":\"nobody-here\",\"data\":1,\"id\":7}", "unknown_user"},
          {"{\"op\":\"presence\",\"room\":\"empty-room\",\"id\":8}", "unknown_room"},
      };
      for (Object[] c : cases) {
        eve.sendText((String) c[0]);
        JsonObject error = eve.nextError((String) c[1]);
        assertFalse(error.getString("message").isEmpty());
      }
      eve.sendBinary(new byte[] {1, 2, 3});
      eve.nextError("binary_not_supported");
      join(eve, "errors");
      assertFalse(eve.closed.isDone());
    }
  }

  @Test
  void aClientSendingGarbageIsClosedWith1008() {
    try (RoomsClient mallory = connect("mallory")) {
      for (int i = 0; i < 20; i++) {
        mallory.sendText("garbage " + i);
        mallory.nextError("bad_json"); // the 20th error is still answered, then the Close follows
      }
      RoomsClient.Closed closed = mallory.awaitClosed();
      assertEquals(1008, closed.code());
      assertEquals("too many bad requests: 20 errors within 10 s", closed.reason());
    }
  }

  @Test
  void hundredRoomsOfTenMembersStayIsolated() throws Exception {
    int roomCount = 100;
    int perRoom = 10;
    List<CompletableFuture<RoomsClient>> connecting = new ArrayList<>();
    for (int r = 0; r < roomCount; r++) {
      for (int m = 0; m < perRoom; m++) {
        String user = "iso" + r + "_" + m;
        connecting.add(RoomsClient.connect(HTTP, rooms, user, "user=" + user));
      }
    }
    List<RoomsClient> clients = new ArrayList<>();
    for (CompletableFuture<RoomsClient> future : connecting) {
      clients.add(RoomsClient.await(future, "connecting"));
    }
    try {
      for (int i = 0; i < clients.size(); i++) {
        clients.get(i).send(op("join").put("room", "iso-" + (i / perRoom)));
      }
      for (int i = 0; i < clients.size(); i++) {
        // Presence events of members joining concurrently may come before the joined reply:
        // the gateway delivers the room's traffic as soon as the membership is registered.
        JsonObject next;
        while (!(next = clients.get(i).next()).getString("op").equals("joined")) {
          assertEquals("presence", next.getString("op"), next::encode);
          assertEquals("iso-" + (i / perRoom), next.getString("room"), next::encode);
        }
      }
      for (int i = 0; i < clients.size(); i++) {
        clients.get(i).send(op("publish").put("room", "iso-" + (i / perRoom)).put("data", clients.get(i).user));
      }
      for (int i = 0; i < clients.size(); i++) {
        RoomsClient client = clients.get(i);
        String room = "iso-" + (i / perRoom);
        TreeSet<Long> seqs = new TreeSet<>();
        TreeSet<String> senders = new TreeSet<>();
        int published = 0;
        while (seqs.size() < perRoom || published < 1) {
          JsonObject next = client.next();
          switch (next.getString("op")) {
            case "message":
              assertEquals(room, next.getString("room"), () -> client.user + " got " + next);
              assertTrue(seqs.add(next.getLong("seq")), () -> client.user + " got seq twice: " + next);
              senders.add(next.getString("data"));
              break;
            case "published":
              published++;
              break;
            case "presence":
              assertEquals(room, next.getString("room"), () -> client.user + " got " + next);
              break;
            default:
              throw new AssertionError(client.user + " got " + next);
          }
        }
        assertEquals(1L, seqs.first());
        assertEquals((long) perRoom, seqs.last());
        assertEquals(perRoom, senders.size());
      }
      Thread.sleep(300); // room for a stray message to show up
      for (RoomsClient client : clients) {
        for (JsonObject extra : client.inbox) {
          assertEquals("presence", extra.getString("op"), () -> client.user + " got " + extra);
        }
      }
    } finally {
      for (RoomsClient client : clients) {
        client.close();
      }
    }
  }

  @Test
  void directReachesAllThreeConnectionsOfAUser() {
    try (RoomsClient sender = connect("sender-d");
         RoomsClient dana1 = connect("dana");
         RoomsClient dana2 = connect("dana");
         RoomsClient dana3 = connect("dana")) {
      // A connection counts as online once the router has put it in its user group, which
      // happens just after the handshake; the router answers its requests only after that, so
      // one round trip each proves all three are reachable.
      for (RoomsClient dana : List.of(dana1, dana2, dana3)) {
        dana.send(op("rooms"));
        dana.next("rooms");
      }
      sender.send(op("direct").put("to", "dana").put("data", new JsonObject().put("n", 1)).put("id", "x"));
      assertEquals(new JsonObject().put("op", "sent").put("to", "dana").put("connections", 3).put("id", "x"), sender.next());
      JsonObject expected = new JsonObject().put("op", "direct").put("from", "sender-d")
          .put("data", new JsonObject().put("n", 1));
      for (RoomsClient dana : List.of(dana1, dana2, dana3)) {
        assertEquals(expected, dana.next());
      }
      sender.assertNothingWithin(100);
    }
  }

  @Test
  void seqHasNoGapsOrDuplicatesUnderConcurrentPublishers() throws Exception {
    int publishers = 4;
    int each = 250;
    List<RoomsClient> clients = new ArrayList<>();
    try (RoomsClient watcher = connect("seq-watcher")) {
      join(watcher, "seq");
      for (int p = 0; p < publishers; p++) {
        RoomsClient client = connect("seq-p" + p);
        clients.add(client);
        join(client, "seq");
      }
      List<Thread> threads = new ArrayList<>();
      for (RoomsClient client : clients) {
        Thread thread = new Thread(() -> {
          for (int i = 0; i < each; i++) {
            client.send(op("publish").put("room", "seq").put("data", i).put("id", i));
          }
        });
        thread.start();
        threads.add(thread);
      }
      for (Thread thread : threads) {
        thread.join();
      }
      int[] nextFrom = new int[publishers];
      for (long expected = 1; expected <= (long) publishers * each; expected++) {
        JsonObject next = watcher.next();
        if (next.getString("op").equals("presence")) {
          expected--;
          continue;
        }
        assertEquals(expected, next.getLong("seq"), next::encode);
        int publisher = Integer.parseInt(next.getString("from").substring("seq-p".length()));
        assertEquals(nextFrom[publisher]++, next.getInteger("data"), "each publisher's own order kept");
      }
      TreeSet<Long> acknowledged = new TreeSet<>();
      for (RoomsClient client : clients) {
        long last = 0;
        int acks = 0;
        while (acks < each) {
          JsonObject next = client.next();
          if (next.getString("op").equals("published")) {
            assertTrue(next.getLong("seq") > last, next::encode);
            last = next.getLong("seq");
            assertTrue(acknowledged.add(last), "seq acknowledged twice: " + last);
            acks++;
          }
        }
      }
      assertEquals((long) publishers * each, acknowledged.size());
      assertEquals(1L, acknowledged.first());
      assertEquals((long) publishers * each, acknowledged.last());
    } finally {
      for (RoomsClient client : clients) {
        client.close();
      }
    }
  }

  @Test
  void presenceFollowsJoinsAndAbruptDisconnects() {
    try (RoomsClient alice = connect("alice-pr")) {
      join(alice, "pr");
      RoomsClient bob = connect("bob-pr");
      RoomsClient bob2 = connect("bob-pr");
      join(bob, "pr");
      assertEquals(new JsonObject().put("op", "presence").put("room", "pr").put("event", "join").put("user", "bob-pr"),
          alice.next());
      join(bob2, "pr");
      alice.assertNothingWithin(200); // per user: bob's second connection is not announced
      bob.abort();
      alice.assertNothingWithin(200); // bob is still there through bob2
      bob2.abort();
      assertEquals(new JsonObject().put("op", "presence").put("room", "pr").put("event", "leave").put("user", "bob-pr"),
          alice.next());
      alice.send(op("presence").put("room", "pr"));
      assertEquals(new JsonArray().add("alice-pr"), alice.next("presence").getJsonArray("users"));
    }
  }
}
