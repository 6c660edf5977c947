package io.wsgate.router.rooms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.wsgate.api.Addresses;
import io.wsgate.api.Codecs;
import io.wsgate.api.RouterConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The rooms router against the event-bus contract alone: {@link FakeGateway} plays the gateway. */
@ExtendWith(VertxExtension.class)
class RoomsRouterTest {

  private final AtomicLong clock = new AtomicLong(1_000_000);
  private RoomsRouter router;
  private FakeGateway gateway;

  @BeforeEach
  void deploy(Vertx vertx) throws Exception {
    router = new RoomsRouter(clock::get);
    gateway = FakeGateway.start(vertx, router);
  }

  private static JsonObject op(String op) {
    return new JsonObject().put("op", op);
  }

  private static JsonObject join(String room) {
    return op("join").put("room", room);
  }

  private static JsonObject publish(String room, Object data) {
    return op("publish").put("room", room).put("data", data);
  }

  private static JsonObject joined(FakeGateway.Client client, String room) {
    client.send(join(room));
    JsonObject reply = client.next();
    assertEquals("joined", reply.getString("op"), () -> "got " + reply);
    return reply;
  }

  private RoomsRouter.StateSizes sizes() throws Exception {
    return router.stateSizes().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  // ---- identity ------------------------------------------------------------------------------

  @Test
  void connectionWithoutUserIsClosedWith1008() {
    assertEquals("1008 missing user: connect with ?user=NAME", gateway.open(null).awaitClosedByRouter());
    assertEquals("1008 missing user: connect with ?user=NAME", gateway.open("name=alice").awaitClosedByRouter());
  }

  @Test
  void connectionWithInvalidUserIsClosedWith1008() {
    assertEquals("1008 invalid user name: 1-32 characters of A-Z a-z 0-9 . _ -",
        gateway.open("user=al%20ice").awaitClosedByRouter());
    assertEquals("1008 invalid user name: 1-32 characters of A-Z a-z 0-9 . _ -",
        gateway.open("user=" + "a".repeat(33)).awaitClosedByRouter());
    assertEquals("1008 user given more than once", gateway.open("user=a&user=b").awaitClosedByRouter());
  }

  @Test
  void userNameIsUrlDecoded() throws Exception {
    FakeGateway.Client client = gateway.connect("al%2Dice");
    assertEquals(new JsonArray().add("al-ice"), joined(client, "r").getJsonArray("users"));
  }

  @Test
  void messagesOfARejectedConnectionAreIgnored() throws Exception {
    FakeGateway.Client client = gateway.open("user=");
    client.send(join("r"));
    client.awaitClosedByRouter();
    client.assertNothingWithin(100);
    assertEquals(new RoomsRouter.StateSizes(0, 0, 0), sizes());
  }

  // ---- join, leave, presence -----------------------------------------------------------------

  @Test
  void joinRepliesWithTheUsersAndEchoesTheId() {
    FakeGateway.Client alice = gateway.connect("alice");
    alice.send(join("lobby").put("id", "j1"));
    assertEquals(new JsonObject().put("op", "joined").put("room", "lobby")
        .put("users", new JsonArray().add("alice")).put("id", "j1"), alice.next());
    FakeGateway.Client bob = gateway.connect("bob");
    bob.send(join("lobby").put("id", 7));
    assertEquals(new JsonObject().put("op", "joined").put("room", "lobby")
        .put("users", new JsonArray().add("alice").add("bob")).put("id", 7), bob.next());
    assertEquals(2, gateway.members("rooms.room.lobby"));
  }

  @Test
  void joiningTwiceIsHarmless() {
    FakeGateway.Client alice = gateway.connect("alice");
    FakeGateway.Client bob = gateway.connect("bob");
    joined(alice, "r");
    joined(bob, "r");
    alice.next(); // presence join bob
    JsonObject again = joined(bob, "r");
    assertEquals(new JsonArray().add("alice").add("bob"), again.getJsonArray("users"));
    alice.assertNothingWithin(100);
  }

  @Test
  void presenceEventsArePerUserNotPerConnection() throws Exception {
    FakeGateway.Client alice = gateway.connect("alice");
    joined(alice, "r");
    FakeGateway.Client bob1 = gateway.connect("bob");
    FakeGateway.Client bob2 = gateway.connect("bob");

    joined(bob1, "r");
    assertEquals(new JsonObject().put("op", "presence").put("room", "r").put("event", "join").put("user", "bob"),
        alice.next());
    bob1.assertNothingWithin(50); // the joiner does not get its own event

    // Bob's second connection: no new presence event, still one user.
    assertEquals(new JsonArray().add("alice").add("bob"), joined(bob2, "r").getJsonArray("users"));
    alice.assertNothingWithin(100);
    bob1.assertNothingWithin(0);

    // Bob's first connection leaves: bob is still there through the second.
    bob1.send(op("leave").put("room", "r").put("id", 1));
    assertEquals(new JsonObject().put("op", "left").put("room", "r").put("id", 1), bob1.next());
    alice.assertNothingWithin(100);
    bob2.assertNothingWithin(0);

    // Bob's last connection goes away abruptly: the others see bob leave.
    bob2.disconnect(1006);
    assertEquals(new JsonObject().put("op", "presence").put("room", "r").put("event", "leave").put("user", "bob"),
        alice.next());
    alice.send(op("presence").put("room", "r"));
    assertEquals(new JsonObject().put("op", "presence").put("room", "r").put("users", new JsonArray().add("alice")),
        alice.next());
    assertEquals(new RoomsRouter.StateSizes(2, 1, 2), sizes());
  }

  @Test
  void leaveStopsDeliveryAndAnnouncesTheLastConnection() {
    FakeGateway.Client alice = gateway.connect("alice");
    FakeGateway.Client bob = gateway.connect("bob");
    joined(alice, "r");
    joined(bob, "r");
    alice.next(); // bob joined
    bob.send(op("leave").put("room", "r"));
    assertEquals(new JsonObject().put("op", "left").put("room", "r"), bob.next());
    assertEquals(new JsonObject().put("op", "presence").put("room", "r").put("event", "leave").put("user", "bob"),
        alice.next());
    alice.send(publish("r", "after"));
    assertEquals("message", alice.next().getString("op"));
    assertEquals("published", alice.next().getString("op"));
    bob.assertNothingWithin(100);
    bob.send(publish("r", "x").put("id", "p"));
    assertEquals("p", bob.nextError(ErrorCode.NOT_JOINED).getValue("id"));
  }

  @Test
  void leavingARoomNotJoinedIsAnError() {
    FakeGateway.Client alice = gateway.connect("alice");
    alice.send(op("leave").put("room", "nowhere").put("id", "l"));
    JsonObject error = alice.nextError(ErrorCode.NOT_JOINED);
    assertEquals("l", error.getValue("id"));
    assertEquals("not in room nowhere", error.getString("message"));
  }

  @Test
  void presenceOfAnEmptyRoomIsUnknownRoom() {
    FakeGateway.Client alice = gateway.connect("alice");
    alice.send(op("presence").put("room", "ghost").put("id", 3));
    assertEquals(3, alice.nextError(ErrorCode.UNKNOWN_ROOM).getValue("id"));
  }

  @Test
  void presenceCanBeAskedWithoutJoining() {
    FakeGateway.Client alice = gateway.connect("alice");
    FakeGateway.Client bob = gateway.connect("bob");
    joined(alice, "r");
    bob.send(op("presence").put("room", "r").put("id", "q"));
    assertEquals(new JsonObject().put("op", "presence").put("room", "r").put("users", new JsonArray().add("alice"))
        .put("id", "q"), bob.next());
  }

  @Test
  void roomsListsEveryRoomWithItsUserCount() {
    FakeGateway.Client alice = gateway.connect("alice");
    FakeGateway.Client bob = gateway.connect("bob");
    joined(alice, "b-room");
    joined(alice, "a-room");
    joined(bob, "a-room");
    alice.next(); // bob joined a-room
    bob.send(op("rooms").put("id", "list"));
    assertEquals(new JsonObject().put("op", "rooms").put("rooms", new JsonArray()
            .add(new JsonObject().put("room", "a-room").put("users", 2))
            .add(new JsonObject().put("room", "b-room").put("users", 1)))
        .put("id", "list"), bob.next());
  }

  @Test
  void aConnectionMayBeInAtMost256Rooms() {
    FakeGateway.Client alice = gateway.connect("alice");
    for (int i = 0; i < RoomsOptions.DEFAULTS.maxRoomsPerConnection(); i++) {
      alice.send(join("r" + i));
    }
    for (int i = 0; i < RoomsOptions.DEFAULTS.maxRoomsPerConnection(); i++) {
      assertEquals("joined", alice.next().getString("op"));
    }
    alice.send(join("one-more").put("id", "x"));
    assertEquals("x", alice.nextError(ErrorCode.TOO_MANY_ROOMS).getValue("id"));
  }

  // ---- publish and seq -----------------------------------------------------------------------

  @Test
  void publishGoesToEveryMemberOnceWithOneGroupPublish() {
    FakeGateway.Client alice = gateway.connect("alice");
    FakeGateway.Client bob = gateway.connect("bob");
    FakeGateway.Client carol = gateway.connect("carol");
    joined(alice, "r");
    joined(bob, "r");
    alice.next();
    joined(carol, "r");
    alice.next();
    bob.next();
    int before = gateway.publishes("rooms.room.r");

    JsonObject data = new JsonObject().put("text", "h\u00e9llo \uD83D\uDE00").put("n", List.of(1, 2));
    alice.send(publish("r", data).put("id", "m1"));
    JsonObject message = new JsonObject().put("op", "message").put("room", "r").put("from", "alice").put("seq", 1)
        .put("data", data);
    assertEquals(message, alice.next());
    assertEquals(new JsonObject().put("op", "published").put("room", "r").put("seq", 1).put("id", "m1"), alice.next());
    assertEquals(message, bob.next());
    assertEquals(message, carol.next());
    assertEquals(before + 1, gateway.publishes("rooms.room.r"), "one group publish for three members");

    bob.send(publish("r", null));
    assertEquals(new JsonObject().put("op", "message").put("room", "r").put("from", "bob").put("seq", 2)
        .putNull("data"), carol.next());
  }

  @Test
  void publishWithoutJoiningIsNotJoinedAndTheConnectionStaysUsable() {
    FakeGateway.Client alice = gateway.connect("alice");
    FakeGateway.Client bob = gateway.connect("bob");
    joined(bob, "r");
    alice.send(publish("r", 1).put("id", 9));
    JsonObject error = alice.nextError(ErrorCode.NOT_JOINED);
    assertEquals(9, error.getValue("id"));
    assertEquals("join room r before publishing to it", error.getString("message"));
    bob.assertNothingWithin(50);
    joined(alice, "r");
    alice.send(publish("r", 2));
    assertEquals(1L, alice.next().getLong("seq"));
  }

  @Test
  void requestsArePipelinedInOrderBehindAJoin() {
    FakeGateway.Client alice = gateway.connect("alice");
    gateway.holdMemberships(true);
    alice.send(join("r").put("id", 1));
    alice.send(publish("r", "x").put("id", 2));
    alice.sendText("{\"op\":\"rooms\",\"pad\":\"" + "x".repeat(RoomsLimits.MAX_REQUEST_BYTES) + "\"}");
    alice.sendBinary(new byte[] {1});
    alice.send(op("leave").put("room", "r").put("id", 3));
    alice.send(publish("r", "y").put("id", 4));
    alice.assertNothingWithin(100);
    gateway.release();
    assertEquals("joined", alice.next().getString("op"));
    assertEquals("message", alice.next().getString("op"));
    assertEquals(2, alice.next().getValue("id")); // published
    alice.nextError(ErrorCode.TOO_LARGE); // waited without its bytes
    alice.nextError(ErrorCode.BINARY_NOT_SUPPORTED);
    gateway.release(); // the leave was held in turn
    assertEquals(new JsonObject().put("op", "left").put("room", "r").put("id", 3), alice.next());
    assertEquals(4, alice.nextError(ErrorCode.NOT_JOINED).getValue("id"));
  }

  @Test
  void seqIsGaplessUnderFourInterleavedPublishers() throws Exception {
    List<FakeGateway.Client> publishers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      FakeGateway.Client client = gateway.connect("p" + i);
      joined(client, "busy");
      publishers.add(client);
    }
    FakeGateway.Client watcher = gateway.connect("watcher");
    joined(watcher, "busy");
    Thread[] threads = new Thread[4];
    for (int p = 0; p < 4; p++) {
      FakeGateway.Client client = publishers.get(p);
      int publisher = p;
      threads[p] = new Thread(() -> {
        for (int i = 0; i < 250; i++) {
          client.send(publish("busy", publisher * 1000 + i));
        }
      });
      threads[p].start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    int[] nextFrom = new int[4];
    for (int expected = 1; expected <= 1000; expected++) {
      JsonObject message = watcher.next();
      assertEquals(expected, message.getLong("seq"), () -> "got " + message);
      int data = message.getInteger("data");
      int publisher = data / 1000;
      assertEquals(nextFrom[publisher]++, data % 1000, "each publisher's messages in its order");
      assertEquals("p" + publisher, message.getString("from"));
    }
    for (FakeGateway.Client client : publishers) {
      long lastAck = 0;
      long lastMessage = 0;
      for (int i = 0; i < 1250; i++) {
        JsonObject next = client.next();
        if (next.getString("op").equals("presence")) {
          i--; // the other publishers' and the watcher's joins
        } else if (next.getString("op").equals("published")) {
          assertTrue(next.getLong("seq") > lastAck);
          lastAck = next.getLong("seq");
        } else {
          assertEquals(lastMessage + 1, next.getLong("seq"));
          lastMessage = next.getLong("seq");
        }
      }
      assertEquals(1000, lastMessage);
    }
  }

  // ---- direct messages -----------------------------------------------------------------------

  @Test
  void directReachesEveryConnectionOfTheUser() {
    FakeGateway.Client alice = gateway.connect("alice");
    FakeGateway.Client bob1 = gateway.connect("bob");
    FakeGateway.Client bob2 = gateway.connect("bob");
    int before = gateway.publishes("rooms.user.bob");
    alice.send(op("direct").put("to", "bob").put("data", new JsonObject().put("hi", true)).put("id", "d"));
    assertEquals(new JsonObject().put("op", "sent").put("to", "bob").put("connections", 2).put("id", "d"), alice.next());
    JsonObject direct = new JsonObject().put("op", "direct").put("from", "alice")
        .put("data", new JsonObject().put("hi", true));
    assertEquals(direct, bob1.next());
    assertEquals(direct, bob2.next());
    assertEquals(before + 1, gateway.publishes("rooms.user.bob"));
    alice.assertNothingWithin(50);
  }

  @Test
  void directToAnOfflineUserIsUnknownUser() {
    FakeGateway.Client alice = gateway.connect("alice");
    FakeGateway.Client bob = gateway.connect("bob");
    bob.disconnect(1000);
    alice.send(op("direct").put("to", "bob").put("data", 1).put("id", 5));
    JsonObject error = alice.nextError(ErrorCode.UNKNOWN_USER);
    assertEquals(5, error.getValue("id"));
    assertEquals("user bob has no open connection", error.getString("message"));
  }

  // ---- errors --------------------------------------------------------------------------------

  @Test
  void everyMalformedRequestGetsItsErrorAndTheConnectionStaysOpen() {
    FakeGateway.Client alice = gateway.connect("alice");
    String big = "x".repeat(RoomsLimits.MAX_DATA_BYTES);
    Object[][] cases = {
        {"{not json", ErrorCode.BAD_JSON, null},
        {"[1,2]", ErrorCode.BAD_REQUEST, null},
        {"{\"room\":\"r\",\"id\":1}", ErrorCode.BAD_REQUEST, 1},
        {"{\"op\":5,\"id\":2}", ErrorCode.BAD_REQUEST, 2},
        {"{\"op\":\"shout\",\"id\":3}", ErrorCode.UNKNOWN_OP, 3},
        {"{\"op\":\"join\",\"id\":4}", ErrorCode.BAD_REQUEST, 4},
        {"{\"op\":\"join\",\"room\":7,\"id\":5}", ErrorCode.BAD_REQUEST, 5},
        {"{\"op\":\"join\",\"room\":\"a b\",\"id\":6}", ErrorCode.BAD_ROOM, 6},
        {"{\"op\":\"join\",\"room\":\"" + "r".repeat(65) + "\",\"id\":7}", ErrorCode.BAD_ROOM, 7},
        {"{\"op\":\"publish\",\"room\":\"r\",\"id\":8}", ErrorCode.BAD_REQUEST, 8},
        {"{\"op\":\"direct\",\"to\":\"b@d\",\"data\":1,\"id\":9}", ErrorCode.BAD_USER, 9},
        {"{\"op\":\"direct\",\"data\":1,\"id\":10}", ErrorCode.BAD_REQUEST, 10},
        {"{\"op\":\"publish\",\"room\":\"r\",\"data\":\"" + big + "\",\"id\":11}", ErrorCode.TOO_LARGE, 11},
        {"{\"op\":\"rooms\",\"id\":{\"a\":1}}", ErrorCode.BAD_REQUEST, null},
        {"{\"op\":\"rooms\",\"pad\":\"" + "x".repeat(RoomsLimits.MAX_REQUEST_BYTES) + "\"}", ErrorCode.TOO_LARGE, null},
    };
    for (Object[] c : cases) {
      alice.sendText((String) c[0]);
      JsonObject error = alice.nextError((ErrorCode) c[1]);
      assertEquals(c[2], error.getValue("id"), () -> "id echoed for " + error);
      assertFalse(error.getString("message").isEmpty());
    }
    alice.sendBinary(new byte[] {1, 2, 3});
    assertNull(alice.nextError(ErrorCode.BINARY_NOT_SUPPORTED).getValue("id"));
    assertFalse(alice.isClosedByRouter());
    joined(alice, "still-here");
  }

  @Test
  void twentyErrorsWithinTenSecondsCloseWith1008() {
    FakeGateway.Client alice = gateway.connect("alice");
    for (int i = 1; i < RoomsLimits.MAX_ERRORS; i++) {
      alice.sendText("garbage");
      alice.nextError(ErrorCode.BAD_JSON);
      clock.addAndGet(100);
    }
    assertFalse(alice.isClosedByRouter());
    alice.sendText("garbage");
    alice.nextError(ErrorCode.BAD_JSON);
    assertEquals("1008 too many bad requests: 20 errors within 10 s", alice.awaitClosedByRouter());
  }

  @Test
  void errorsSpreadOverMoreThanTenSecondsAreTolerated() {
    FakeGateway.Client alice = gateway.connect("alice");
    for (int i = 0; i < 3 * RoomsLimits.MAX_ERRORS; i++) {
      alice.sendBinary(new byte[] {0});
      alice.nextError(ErrorCode.BINARY_NOT_SUPPORTED);
      clock.addAndGet(600); // 20 errors span 11.4 s
    }
    assertFalse(alice.isClosedByRouter());
    joined(alice, "r");
  }

  @Test
  void aClientPilingUpRequestsBehindAJoinIsClosed() {
    FakeGateway.Client alice = gateway.connect("alice");
    gateway.holdMemberships(true);
    alice.send(join("r"));
    for (int i = 0; i <= RoomsLimits.MAX_WAITING_REQUESTS; i++) {
      alice.send(op("rooms"));
    }
    assertEquals("1008 too many requests waiting for a join or leave", alice.awaitClosedByRouter());
  }

  @Test
  void aJoinTheGatewayRefusesIsUnavailable() throws Exception {
    FakeGateway.Client alice = gateway.connect("alice");
    gateway.failJoins(true);
    alice.send(join("r").put("id", "j"));
    JsonObject error = alice.nextError(ErrorCode.UNAVAILABLE);
    assertEquals("j", error.getValue("id"));
    gateway.failJoins(false);
    assertEquals(new RoomsRouter.StateSizes(1, 0, 1), sizes());
    joined(alice, "r");
  }

  @Test
  void unavailableErrorsDoNotCountAgainstTheClient() {
    FakeGateway.Client alice = gateway.connect("alice");
    gateway.failJoins(true);
    for (int i = 0; i < 2 * RoomsLimits.MAX_ERRORS; i++) {
      alice.send(join("r" + i));
      alice.nextError(ErrorCode.UNAVAILABLE);
    }
    gateway.failJoins(false);
    assertFalse(alice.isClosedByRouter());
    joined(alice, "r");
  }

  // ---- cleanup -------------------------------------------------------------------------------

  @Test
  void aJoinConfirmedAfterTheCloseLeavesNothingBehind() throws Exception {
    FakeGateway.Client alice = gateway.connect("alice");
    FakeGateway.Client bob = gateway.connect("bob");
    joined(bob, "r");
    gateway.holdMemberships(true);
    alice.send(join("r"));
    gateway.awaitHeldMemberships(1); // the gateway has the join, unanswered, when the client goes
    alice.disconnect(1006);
    gateway.release();
    bob.assertNothingWithin(100); // no presence for a member that never counted
    assertEquals(new RoomsRouter.StateSizes(1, 1, 1), sizes());
    bob.disconnect(1000);
    assertEquals(new RoomsRouter.StateSizes(0, 0, 0), sizes());
  }

  @Test
  void hundredThousandJoinAndLeaveCyclesLeaveNothingBehind() throws Exception {
    // 50 connections of 25 users, 2,000 cycles each over 100 shared rooms, in batches that stay
    // under the waiting-request limit.
    List<FakeGateway.Client> clients = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      clients.add(gateway.connect("u" + (i % 25)));
    }
    int batch = 100;
    for (int round = 0; round < 2_000 / batch; round++) {
      for (int c = 0; c < clients.size(); c++) {
        FakeGateway.Client client = clients.get(c);
        for (int i = 0; i < batch; i++) {
          String room = "room" + ((c + i) % 100);
          client.send(join(room));
          client.send(op("leave").put("room", room));
        }
      }
      for (FakeGateway.Client client : clients) {
        int replies = 0;
        while (replies < 2 * batch) {
          JsonObject next = client.next();
          String op = next.getString("op");
          if (op.equals("joined") || op.equals("left")) {
            replies++;
          } else {
            assertEquals("presence", op, () -> "got " + next);
          }
        }
      }
    }
    assertEquals(new RoomsRouter.StateSizes(50, 0, 25), sizes());
    // Half leave while in a room, so the close path cleans up too.
    for (int c = 0; c < clients.size(); c++) {
      if (c % 2 == 0) {
        joined(clients.get(c), "last");
      }
      clients.get(c).disconnect(1001);
    }
    assertEquals(new RoomsRouter.StateSizes(0, 0, 0), sizes());
    assertEquals(0, gateway.members("rooms.room.last"));
  }

  // ---- server-side API -----------------------------------------------------------------------

  @Test
  void apiPublishIsARoomMessageFromTheSender() throws Exception {
    FakeGateway.Client alice1 = gateway.connect("alice");
    FakeGateway.Client alice2 = gateway.connect("alice");
    FakeGateway.Client bob = gateway.connect("bob");
    joined(alice1, "r");
    joined(alice2, "r");
    joined(bob, "r");
    alice1.next();
    alice2.next();
    alice1.send(publish("r", "first"));
    alice1.next();
    alice1.next(); // its message and the published reply: seq 1 is taken
    assertEquals(new JsonObject().put("ok", true).put("room", "r").put("seq", 2).put("members", 2),
        gateway.api(new JsonObject().put("action", "publish").put("room", "r").put("from", "server")
            .put("data", new JsonObject().put("alert", "hi"))));
    JsonObject expected = new JsonObject().put("op", "message").put("room", "r").put("from", "server").put("seq", 2)
        .put("data", new JsonObject().put("alert", "hi"));
    for (FakeGateway.Client client : List.of(alice2, bob)) {
      assertEquals(1L, client.next().getLong("seq"));
      assertEquals(expected, client.next());
    }
  }

  @Test
  void apiPublishToAnEmptyRoomReachesNobodyAndCreatesNothing() throws Exception {
    for (int i = 0; i < 3; i++) {
      assertEquals(new JsonObject().put("ok", true).put("room", "empty").put("seq", 0).put("members", 0),
          gateway.api(new JsonObject().put("action", "publish").put("room", "empty").put("from", "server")
              .put("data", i)));
    }
    assertEquals(0, gateway.publishes("rooms.room.empty"));
    assertEquals(new RoomsRouter.StateSizes(0, 0, 0), sizes());
  }

  @Test
  void apiDirectReachesEveryConnectionOrIs404() throws Exception {
    FakeGateway.Client bob1 = gateway.connect("bob");
    FakeGateway.Client bob2 = gateway.connect("bob");
    assertEquals(new JsonObject().put("ok", true).put("connections", 2),
        gateway.api(new JsonObject().put("action", "direct").put("user", "bob").put("from", "server").put("data", "ping")));
    JsonObject expected = new JsonObject().put("op", "direct").put("from", "server").put("data", "ping");
    assertEquals(expected, bob1.next());
    assertEquals(expected, bob2.next());
    JsonObject missing = gateway.api(new JsonObject().put("action", "direct").put("user", "nobody").put("from", "server")
        .put("data", "ping"));
    assertEquals(false, missing.getBoolean("ok"));
    assertEquals(404, missing.getInteger("status"));
    assertEquals("unknown_user", missing.getString("code"));
    assertEquals("user nobody has no open connection", missing.getString("message"));
  }

  @Test
  void apiRoomsAndPresence() throws Exception {
    FakeGateway.Client alice = gateway.connect("alice");
    FakeGateway.Client bob = gateway.connect("bob");
    joined(alice, "r1");
    joined(bob, "r1");
    joined(bob, "r2");
    assertEquals(new JsonObject().put("ok", true).put("rooms", new JsonArray()
            .add(new JsonObject().put("room", "r1").put("users", 2))
            .add(new JsonObject().put("room", "r2").put("users", 1))),
        gateway.api(new JsonObject().put("action", "rooms")));
    assertEquals(new JsonObject().put("ok", true).put("room", "r1").put("users", new JsonArray().add("alice").add("bob")),
        gateway.api(new JsonObject().put("action", "presence").put("room", "r1")));
    JsonObject unknown = gateway.api(new JsonObject().put("action", "presence").put("room", "r3"));
    assertEquals(new JsonObject().put("ok", false).put("status", 404).put("code", "unknown_room")
        .put("message", "room r3 has no members"), unknown);
  }

  @Test
  void apiBadInputIs400WithACode() throws Exception {
    JsonObject[] requests = {
        new JsonObject(),
        new JsonObject().put("action", 1),
        new JsonObject().put("action", "shout"),
        new JsonObject().put("action", "publish").put("from", "server").put("data", 1),
        new JsonObject().put("action", "publish").put("room", "no spaces").put("from", "server").put("data", 1),
        new JsonObject().put("action", "publish").put("room", "r").put("data", 1),
        new JsonObject().put("action", "publish").put("room", "r").put("from", "ser ver").put("data", 1),
        new JsonObject().put("action", "publish").put("room", "r").put("from", "server"),
        new JsonObject().put("action", "publish").put("room", "r").put("from", "server")
            .put("data", "x".repeat(RoomsLimits.MAX_DATA_BYTES)),
        new JsonObject().put("action", "direct").put("from", "server").put("data", 1),
        new JsonObject().put("action", "direct").put("user", "b d").put("from", "server").put("data", 1),
        new JsonObject().put("action", "presence"),
    };
    String[] codes = {"bad_request", "bad_request", "unknown_action", "bad_request", "bad_room", "bad_request",
        "bad_user", "bad_request", "too_large", "bad_request", "bad_user", "bad_request"};
    for (int i = 0; i < requests.length; i++) {
      JsonObject reply = gateway.api(requests[i]);
      assertEquals(false, reply.getBoolean("ok"), reply::encode);
      assertEquals(400, reply.getInteger("status"), reply::encode);
      assertEquals(codes[i], reply.getString("code"), reply::encode);
      assertFalse(reply.getString("message").isEmpty());
    }
    JsonObject notAnObject = gateway.api("publish");
    assertEquals("bad_request", notAnObject.getString("code"));
  }

  // ---- deployment ----------------------------------------------------------------------------

  @Test
  void unknownOptionsAreRejectedNamingTheKey(Vertx vertx) {
    ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, () ->
        deployWithOptions(vertx, new JsonObject().put("maxRooms", 3)));
    assertEquals("routes[other].options.maxRooms: unknown option (known: heartbeatMs, maxMembersPerRoom,"
        + " maxRoomsPerConnection, nodeTimeoutMs, requestTimeoutMs)", e.getCause().getMessage());
  }

  @Test
  void outOfRangeOptionsAreRejectedNamingTheKey(Vertx vertx) {
    ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, () ->
        deployWithOptions(vertx, new JsonObject().put("maxMembersPerRoom", 0)));
    assertEquals("routes[other].options.maxMembersPerRoom: must be between 1 and 10000000, got 0",
        e.getCause().getMessage());
    e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, () ->
        deployWithOptions(vertx, new JsonObject().put("heartbeatMs", 1000).put("nodeTimeoutMs", 2000)));
    assertEquals("routes[other].options.nodeTimeoutMs: must be at least 3 heartbeats (3 x heartbeatMs = 3000),"
        + " got 2000", e.getCause().getMessage());
  }

  private static void deployWithOptions(Vertx vertx, JsonObject options) throws Exception {
    Codecs.register(vertx);
    JsonObject config = new RouterConfig("other", Addresses.route("other"), options).toJson();
    vertx.deployVerticle(new RoomsRouter(), new DeploymentOptions().setConfig(config)).toCompletionStage()
        .toCompletableFuture().get(5, TimeUnit.SECONDS);
  }
}
