package io.wsgate.router.rooms;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class RoomPermissionsTest {

  private static String claims(Object rooms) {
    return new JsonObject().put("sub", "alice").put("rooms", rooms).encode();
  }

  @Test
  void patternsOfTheRoomsClaimDecide() {
    RoomPermissions p = RoomPermissions.fromClaims(claims(new JsonObject()
        .put("join", new JsonArray().add("lobby").add("team-*"))
        .put("publish", new JsonArray().add("lobby"))));
    assertTrue(p.mayJoin("lobby"));
    assertTrue(p.mayJoin("team-7"));
    assertFalse(p.mayJoin("admin"));
    assertTrue(p.mayPublish("lobby"));
    assertFalse(p.mayPublish("team-7"));
  }

  @Test
  void noClaimOrAMalformedOneAllowsNothing() {
    for (String claims : new String[] {
        new JsonObject().put("sub", "alice").encode(),
        claims("lobby"),
        claims(new JsonArray().add("lobby")),
        claims(new JsonObject().put("join", "lobby")),
        "not json",
        null}) {
      RoomPermissions p = RoomPermissions.fromClaims(claims);
      assertFalse(p.mayJoin("lobby"), String.valueOf(claims));
      assertFalse(p.mayPublish("lobby"), String.valueOf(claims));
    }
  }

  @Test
  void nonStringPatternsAreIgnored() {
    RoomPermissions p = RoomPermissions.fromClaims(claims(new JsonObject()
        .put("join", new JsonArray().add(1).add(new JsonObject()).add("lobby"))));
    assertTrue(p.mayJoin("lobby"));
    assertFalse(p.mayJoin("1"));
    assertFalse(p.mayPublish("lobby"));
  }

  @Test
  void withoutAuthEverythingIsAllowed() {
    assertTrue(RoomPermissions.ALL.mayJoin("anything"));
    assertTrue(RoomPermissions.ALL.mayPublish("anything"));
  }
}
