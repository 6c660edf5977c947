package io.wsgate.router.rooms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoomRegistryTest {

  private final RoomRegistry registry = new RoomRegistry();

  @Test
  void presenceChangesOnlyOnFirstJoinAndLastLeaveOfAUser() {
    assertTrue(registry.join("r", "bob", "n1", 1));
    assertFalse(registry.join("r", "bob", "n1", 1));
    assertTrue(registry.join("r", "alice", "n1", 1));
    assertEquals(List.of("alice", "bob"), registry.room("r").users());
    assertFalse(registry.leave("r", "bob", "n1"));
    assertTrue(registry.leave("r", "bob", "n1"));
    assertFalse(registry.leave("r", "bob", "n1"), "not there any more");
    assertEquals(List.of("alice"), registry.room("r").users());
    assertTrue(registry.leave("r", "alice", "n1"));
    assertNull(registry.room("r"), "an empty room is dropped");
    assertEquals(0, registry.roomCount());
  }

  @Test
  void aUserOnTwoNodesStaysPresentUntilItsLastConnectionAnywhereLeaves() {
    assertTrue(registry.join("r", "bob", "n1", 1));
    assertFalse(registry.join("r", "bob", "n2", 1));
    assertEquals(Set.of("n1", "n2"), registry.room("r").nodes());
    assertFalse(registry.leave("r", "bob", "n3"), "bob has no connection on n3");
    assertFalse(registry.leave("r", "bob", "n1"));
    assertEquals(Set.of("n2"), registry.room("r").nodes());
    assertTrue(registry.leave("r", "bob", "n2"));
    assertNull(registry.room("r"));
  }

  @Test
  void aNodeThatGoesAwayTakesItsUsersOutOfEveryRoom() {
    registry.join("a", "bob", "n1", 2);
    registry.join("a", "alice", "n2", 1);
    registry.join("a", "carol", "n1", 1);
    registry.join("a", "carol", "n2", 1);
    registry.join("b", "bob", "n1", 1);
    registry.userOnline("bob", "n1", 2);
    registry.userOnline("carol", "n1", 1);
    registry.userOnline("carol", "n2", 1);
    List<RoomRegistry.Departure> gone = registry.dropNode("n1");
    assertEquals(List.of(new RoomRegistry.Departure("a", "bob"), new RoomRegistry.Departure("b", "bob")), gone);
    assertEquals(List.of("alice", "carol"), registry.room("a").users());
    assertEquals(Set.of("n2"), registry.room("a").nodes());
    assertNull(registry.room("b"));
    assertEquals(0, registry.connectionsOf("bob"));
    assertEquals(1, registry.connectionsOf("carol"));
    assertEquals(2, registry.membershipCount());
  }

  @Test
  void roomsThatMoveAwayAreForgottenWithTheirCounts() {
    registry.join("a", "u", "n1", 1);
    registry.join("b", "u", "n1", 1);
    registry.join("b", "v", "n1", 1);
    registry.userOnline("u", "n1", 1);
    registry.dropOwned(room -> room.equals("b"), user -> true);
    assertNull(registry.room("b"));
    assertEquals(1, registry.roomCount());
    assertEquals(1, registry.membershipCount());
    assertEquals(0, registry.userCount());
  }

  @Test
  void seqCountsPerRoomAndRestartsWithANewRoom() {
    registry.join("a", "u", "n1", 1);
    registry.join("b", "u", "n1", 1);
    assertEquals(1, registry.room("a").nextSeq());
    assertEquals(2, registry.room("a").nextSeq());
    assertEquals(1, registry.room("b").nextSeq());
    registry.leave("a", "u", "n1");
    registry.join("a", "u", "n1", 1);
    assertEquals(1, registry.room("a").nextSeq());
  }

  @Test
  void aMovedRoomGoesOnAfterTheLastSeqItsMembersSaw() {
    registry.join("a", "u", "n1", 1);
    registry.room("a").seqAtLeast(41);
    registry.room("a").seqAtLeast(7);
    assertEquals(42, registry.room("a").nextSeq());
  }

  @Test
  void onlineUsersCountConnectionsOnEveryNode() {
    registry.userOnline("u", "n1", 1);
    registry.userOnline("u", "n1", 1);
    registry.userOnline("u", "n2", 1);
    assertEquals(3, registry.connectionsOf("u"));
    assertEquals(Set.of("n1", "n2"), registry.nodesOf("u"));
    registry.userOffline("u", "n1");
    registry.userOffline("u", "n2");
    assertEquals(1, registry.connectionsOf("u"));
    assertEquals(Set.of("n1"), registry.nodesOf("u"));
    registry.userOffline("u", "n1");
    assertEquals(0, registry.connectionsOf("u"));
    assertEquals(0, registry.userCount());
    registry.userOffline("never", "n1");
    assertEquals(0, registry.userCount());
  }

  @Test
  void listIsSortedAndCapped() {
    registry.join("c", "u", "n1", 1);
    registry.join("a", "u", "n1", 1);
    registry.join("a", "v", "n2", 1);
    registry.join("b", "u", "n1", 1);
    assertEquals(new JsonArray().add(new JsonObject().put("room", "a").put("users", 2))
        .add(new JsonObject().put("room", "b").put("users", 1)), registry.list(2));
    assertEquals(3, registry.list(10).size());
  }

  @Test
  void aNodesFullReportReplacesItsCountsAndSaysWhoCameAndWent() {
    registry.join("r", "stale", "n1", 1);
    registry.join("r", "kept", "n1", 2);
    registry.join("r", "elsewhere", "n2", 1);
    List<RoomRegistry.Change> changes = registry.replaceNode("r", "n1", java.util.Map.of("kept", 1, "new", 1));
    assertEquals(List.of(new RoomRegistry.Change("new", true), new RoomRegistry.Change("stale", false)), changes);
    assertEquals(List.of("elsewhere", "kept", "new"), registry.room("r").users());
    assertEquals(3, registry.membershipCount());
    assertTrue(registry.leave("r", "kept", "n1"), "the report left kept one connection: leaving it is the last");
    assertEquals(List.of("elsewhere", "new"), registry.room("r").users());
  }

  @Test
  void anEmptyReportEmptiesTheNodesPartAndDropsARoomLeftEmpty() {
    registry.join("r", "a", "n1", 1);
    assertEquals(List.of(new RoomRegistry.Change("a", false)), registry.replaceNode("r", "n1", java.util.Map.of()));
    assertNull(registry.room("r"));
    assertEquals(0, registry.roomCount());
    assertEquals(List.of(), registry.replaceNode("never", "n1", java.util.Map.of()));
    assertNull(registry.room("never"), "no room made from nothing");
  }

  @Test
  void aUserOnTwoNodesDoesNotLeaveWhenOneReportsItGone() {
    registry.join("r", "u", "n1", 1);
    registry.join("r", "u", "n2", 1);
    assertEquals(List.of(), registry.replaceNode("r", "n1", java.util.Map.of()));
    assertEquals(List.of("r"), registry.roomsOn("n2"));
    assertEquals(List.of(), registry.roomsOn("n1"));
    registry.userOnline("u", "n1", 1);
    registry.replaceUserNode("u", "n1", 0);
    assertEquals(0, registry.connectionsOf("u"));
    registry.replaceUserNode("u", "n2", 3);
    assertEquals(List.of("u"), registry.usersOn("n2"));
  }
}
