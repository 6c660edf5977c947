package io.wsgate.router.rooms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NodeViewTest {

  @Test
  void aNodeAloneOwnsEverything() {
    NodeView view = NodeView.alone("a");
    assertEquals("a", view.owner(NodeView.roomKey("lobby")));
    assertTrue(view.ownsHere(NodeView.userKey("bob")));
  }

  @Test
  void everyNodeWithTheSameMembersPicksTheSameOwner() {
    NodeView fromA = new NodeView("a", Set.of("b", "c"));
    NodeView fromC = new NodeView("c", Set.of("a", "b"));
    for (int i = 0; i < 1000; i++) {
      String key = NodeView.roomKey("room" + i);
      assertEquals(fromA.owner(key), fromC.owner(key));
    }
  }

  @Test
  void keysSpreadOverAllNodes() {
    NodeView view = new NodeView("a", Set.of("b", "c"));
    Map<String, Integer> owned = new HashMap<>();
    for (int i = 0; i < 3000; i++) {
      owned.merge(view.owner(NodeView.roomKey("room" + i)), 1, Integer::sum);
    }
    assertEquals(Set.of("a", "b", "c"), owned.keySet());
    owned.values().forEach(count -> assertTrue(count > 800 && count < 1200, "uneven: " + owned));
  }

  @Test
  void whenANodeGoesOnlyItsKeysMove() {
    NodeView before = new NodeView("a", Set.of("b", "c"));
    NodeView after = new NodeView("a", Set.of("b"));
    int moved = 0;
    for (int i = 0; i < 3000; i++) {
      String key = NodeView.roomKey("room" + i);
      if (!before.owner(key).equals(after.owner(key))) {
        assertEquals("c", before.owner(key), "only c's keys may move");
        moved++;
      }
    }
    assertTrue(moved > 0);
  }
}
