package io.wsgate.router.rooms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The limits a route sets in its options are the ones clients meet. */
@ExtendWith(VertxExtension.class)
class RoomsOptionsTest {

  @Test
  void defaultsApplyWithoutOptions() {
    assertEquals(RoomsOptions.DEFAULTS, RoomsOptions.parse("rooms", new JsonObject()));
  }

  @Test
  void aWrongTypeIsRejectedNamingTheKey() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RoomsOptions.parse("rooms", new JsonObject().put("maxRoomsPerConnection", "ten")));
    assertEquals("routes[rooms].options.maxRoomsPerConnection: must be a whole number, got ten", e.getMessage());
  }

  @Test
  void maxRoomsPerConnectionComesFromTheRouteOptions(Vertx vertx) throws Exception {
    FakeGateway gateway = FakeGateway.start(vertx, new RoomsRouter(), new JsonObject().put("maxRoomsPerConnection", 2));
    FakeGateway.Client alice = gateway.connect("alice");
    alice.send(new JsonObject().put("op", "join").put("room", "a"));
    alice.send(new JsonObject().put("op", "join").put("room", "b"));
    assertEquals("joined", alice.next().getString("op"));
    assertEquals("joined", alice.next().getString("op"));
    alice.send(new JsonObject().put("op", "join").put("room", "c").put("id", 3));
    JsonObject error = alice.nextError(ErrorCode.TOO_MANY_ROOMS);
    assertEquals("a connection may be in at most 2 rooms", error.getString("message"));
  }

  @Test
  void aFullRoomRefusesANewUserButNotAnotherConnectionOfAMember(Vertx vertx) throws Exception {
    FakeGateway gateway = FakeGateway.start(vertx, new RoomsRouter(), new JsonObject().put("maxMembersPerRoom", 2));
    FakeGateway.Client alice = gateway.connect("alice");
    FakeGateway.Client bob = gateway.connect("bob");
    FakeGateway.Client carol = gateway.connect("carol");
    FakeGateway.Client alice2 = gateway.connect("alice");
    alice.send(new JsonObject().put("op", "join").put("room", "r"));
    assertEquals("joined", alice.next().getString("op"));
    bob.send(new JsonObject().put("op", "join").put("room", "r"));
    assertEquals("joined", bob.next().getString("op"));
    carol.send(new JsonObject().put("op", "join").put("room", "r").put("id", "c"));
    JsonObject error = carol.nextError(ErrorCode.ROOM_FULL);
    assertEquals("c", error.getValue("id"));
    assertEquals("room r is full: at most 2 users", error.getString("message"));
    // Refused, so carol is not in the room: she may not publish to it.
    carol.send(new JsonObject().put("op", "publish").put("room", "r").put("data", 1));
    carol.nextError(ErrorCode.NOT_JOINED);
    alice2.send(new JsonObject().put("op", "join").put("room", "r"));
    assertEquals("joined", alice2.next().getString("op"));
  }
}
