package io.wsgate.router.rooms;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The rooms router on a route with auth: identity from the token, room permissions from its claims. */
@ExtendWith(VertxExtension.class)
class RoomsAuthTest {

  private FakeGateway gateway;

  @BeforeEach
  void deploy(Vertx vertx) throws Exception {
    gateway = FakeGateway.start(vertx, new RoomsRouter());
  }

  private static JsonObject claims(String sub, JsonArray join, JsonArray publish) {
    return new JsonObject().put("sub", sub).put("rooms", new JsonObject().put("join", join).put("publish", publish));
  }

  /** May join lobby and team-*, publish to lobby only. */
  private static JsonObject member(String sub) {
    return claims(sub, new JsonArray().add("lobby").add("team-*"), new JsonArray().add("lobby"));
  }

  private static JsonObject op(String op, String room) {
    return new JsonObject().put("op", op).put("room", room);
  }

  private static void joined(FakeGateway.Client client, String room) {
    client.send(op("join", room));
    assertEquals("joined", client.next().getString("op"));
  }

  // ---- identity ------------------------------------------------------------------------------

  @Test
  void userComesFromTheTokenAndUserInTheQueryIsIgnored() {
    FakeGateway.Client client = gateway.openWithToken("user=mallory", "alice", member("alice"));
    client.send(op("join", "lobby").put("id", 1));
    assertEquals(new JsonObject().put("op", "joined").put("room", "lobby").put("users", new JsonArray().add("alice"))
        .put("id", 1), client.next());
  }

  @Test
  void anonymousConnectionOnARouteWithAuthIsClosedWith1008() {
    assertEquals("1008 authentication required: connect with a token",
        gateway.openWithToken("user=mallory", null, null).awaitClosedByRouter());
  }

  @Test
  void subjectThatIsNotAUserNameIsClosedWith1008() {
    assertEquals("1008 invalid user name in the token's sub: 1-32 characters of A-Z a-z 0-9 . _ -",
        gateway.openWithToken(null, "alice@example.com", member("alice@example.com")).awaitClosedByRouter());
  }

  // ---- permissions ---------------------------------------------------------------------------

  @Test
  void joinIsAllowedByPatternAndForbiddenOtherwise() {
    FakeGateway.Client alice = gateway.connectWithToken("alice", member("alice"));
    joined(alice, "lobby");
    joined(alice, "team-42");
    alice.send(op("join", "admin").put("id", "a"));
    JsonObject error = alice.nextError(ErrorCode.FORBIDDEN);
    assertEquals("a", error.getValue("id"));
    assertEquals(0, gateway.members("rooms.room.admin"));
  }

  @Test
  void publishNeedsThePublishPermission() {
    FakeGateway.Client alice = gateway.connectWithToken("alice", member("alice"));
    joined(alice, "lobby");
    joined(alice, "team-1");
    alice.send(op("publish", "lobby").put("data", "hi"));
    JsonObject first = alice.next();
    JsonObject second = alice.next();
    assertEquals(new JsonArray().add("message").add("published"),
        new JsonArray().add(first.getString("op")).add(second.getString("op")).stream().sorted()
            .collect(JsonArray::new, JsonArray::add, JsonArray::addAll));
    alice.send(op("publish", "team-1").put("data", "hi"));
    alice.nextError(ErrorCode.FORBIDDEN);
    alice.assertNothingWithin(100);
  }

  @Test
  void forbiddenComesBeforeNotJoined() {
    FakeGateway.Client alice = gateway.connectWithToken("alice", member("alice"));
    alice.send(op("publish", "elsewhere").put("data", 1));
    alice.nextError(ErrorCode.FORBIDDEN);
    alice.send(op("publish", "lobby").put("data", 1));
    alice.nextError(ErrorCode.NOT_JOINED);
  }

  @Test
  void presenceNeedsTheJoinPermissionAndDoesNotRevealTheRoom() {
    FakeGateway.Client admin = gateway.connectWithToken("root", claims("root", new JsonArray().add("*"), new JsonArray()));
    joined(admin, "admin");
    FakeGateway.Client alice = gateway.connectWithToken("alice", member("alice"));
    alice.send(op("presence", "admin"));
    alice.nextError(ErrorCode.FORBIDDEN);
    alice.send(op("presence", "team-9"));
    alice.nextError(ErrorCode.UNKNOWN_ROOM);
    joined(admin, "lobby");
    alice.send(op("presence", "lobby"));
    assertEquals(new JsonArray().add("root"), alice.next().getJsonArray("users"));
  }

  @Test
  void roomListingShowsOnlyRoomsTheConnectionMayJoin() {
    FakeGateway.Client root = gateway.connectWithToken("root", claims("root", new JsonArray().add("*"), new JsonArray()));
    joined(root, "admin");
    joined(root, "lobby");
    joined(root, "team-1");
    FakeGateway.Client alice = gateway.connectWithToken("alice", member("alice"));
    alice.send(new JsonObject().put("op", "rooms"));
    assertEquals(new JsonArray()
        .add(new JsonObject().put("room", "lobby").put("users", 1))
        .add(new JsonObject().put("room", "team-1").put("users", 1)), alice.next().getJsonArray("rooms"));
  }

  @Test
  void tokenWithoutARoomsClaimMayDoNothingWithRooms() {
    FakeGateway.Client bob = gateway.connectWithToken("bob", new JsonObject().put("sub", "bob"));
    bob.send(op("join", "lobby"));
    bob.nextError(ErrorCode.FORBIDDEN);
    bob.send(op("publish", "lobby").put("data", 1));
    bob.nextError(ErrorCode.FORBIDDEN);
    bob.send(op("presence", "lobby"));
    bob.nextError(ErrorCode.FORBIDDEN);
  }

  @Test
  void directMessagesAreNotRestrictedByRoomPermissions() {
    FakeGateway.Client alice = gateway.connectWithToken("alice", member("alice"));
    FakeGateway.Client bob = gateway.connectWithToken("bob", new JsonObject().put("sub", "bob"));
    bob.send(new JsonObject().put("op", "direct").put("to", "alice").put("data", "hi"));
    assertEquals("sent", bob.next().getString("op"));
    assertEquals(new JsonObject().put("op", "direct").put("from", "bob").put("data", "hi"), alice.next());
  }
}
