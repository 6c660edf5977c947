package io.wsgate.router.rooms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoomRegistryTest {

  private final RoomRegistry registry = new RoomRegistry();

  @Test
  void presenceChangesOnlyOnFirstJoinAndLastLeaveOfAUser() {
    assertTrue(registry.join("r", "bob"));
    assertFalse(registry.join("r", "bob"));
    assertTrue(registry.join("r", "alice"));
    assertEquals(List.of("alice", "bob"), registry.room("r").users());
    assertFalse(registry.leave("r", "bob"));
    assertTrue(registry.leave("r", "bob"));
    assertFalse(registry.leave("r", "bob"), "not there any more");
    assertEquals(List.of("alice"), registry.room("r").users());
    assertTrue(registry.leave("r", "alice"));
    assertNull(registry.room("r"), "an empty room is dropped");
    assertEquals(0, registry.roomCount());
  }

  @Test
  void seqCountsPerRoomAndRestartsWithANewRoom() {
    registry.join("a", "u");
    registry.join("b", "u");
    assertEquals(1, registry.room("a").nextSeq());
    assertEquals(2, registry.room("a").nextSeq());
    assertEquals(1, registry.room("b").nextSeq());
    registry.leave("a", "u");
    registry.join("a", "u");
    assertEquals(1, registry.room("a").nextSeq());
  }

  @Test
  void onlineUsersCountConnections() {
    registry.userOnline("u");
    registry.userOnline("u");
    assertEquals(2, registry.connectionsOf("u"));
    registry.userOffline("u");
    assertEquals(1, registry.connectionsOf("u"));
    registry.userOffline("u");
    assertEquals(0, registry.connectionsOf("u"));
    assertEquals(0, registry.userCount());
    registry.userOffline("never");
    assertEquals(0, registry.userCount());
  }

  @Test
  void listIsSortedAndCapped() {
    registry.join("c", "u");
    registry.join("a", "u");
    registry.join("a", "v");
    registry.join("b", "u");
    assertEquals(new JsonArray().add(new JsonObject().put("room", "a").put("users", 2))
        .add(new JsonObject().put("room", "b").put("users", 1)), registry.list(2));
    assertEquals(3, registry.list(10).size());
  }
}
