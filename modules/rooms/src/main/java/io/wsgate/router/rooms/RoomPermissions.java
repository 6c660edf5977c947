package io.wsgate.router.rooms;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * What a connection may do with rooms. Without auth everyone may do everything (identity is
 * only a claimed name then). With auth, the token's {@code rooms} claim decides:
 * {@code {"join":["lobby","team-*"],"publish":["lobby"]}}, glob patterns with {@code *}. No
 * claim, or a claim that is not of that shape, allows nothing: a token issued without thought
 * for rooms should not open every room.
 */
final class RoomPermissions {

  static final String CLAIM = "rooms";
  static final RoomPermissions ALL = new RoomPermissions(List.of("*"), List.of("*"));
  static final RoomPermissions NONE = new RoomPermissions(List.of(), List.of());

  private final List<String> join;
  private final List<String> publish;

  private RoomPermissions(List<String> join, List<String> publish) {
    this.join = join;
    this.publish = publish;
  }

  /** From the {@code wsgate-claims} header (the token's claims as JSON); malformed parts allow nothing. */
  static RoomPermissions fromClaims(String claimsJson) {
    if (claimsJson == null) {
      return NONE;
    }
    Object rooms;
    try {
      rooms = new JsonObject(claimsJson).getValue(CLAIM);
    } catch (DecodeException | ClassCastException e) {
      return NONE;
    }
    if (!(rooms instanceof JsonObject)) {
      return NONE;
    }
    JsonObject claim = (JsonObject) rooms;
    return new RoomPermissions(patterns(claim.getValue("join")), patterns(claim.getValue("publish")));
  }

  /** Join a room, and read its presence (members only see what members see). */
  boolean mayJoin(String room) {
    return anyMatches(join, room);
  }

  /** Publish to a room; the connection must also have joined it, which needs {@link #mayJoin}. */
  boolean mayPublish(String room) {
    return anyMatches(publish, room);
  }

  boolean isAll() {
    return this == ALL;
  }

  private static List<String> patterns(Object value) {
    List<String> patterns = new ArrayList<>();
    if (value instanceof JsonArray) {
      for (Object item : (JsonArray) value) {
        if (item instanceof String) {
          patterns.add((String) item);
        }
      }
    }
    return List.copyOf(patterns);
  }

  private static boolean anyMatches(List<String> patterns, String room) {
    for (String pattern : patterns) {
      if (Glob.matches(pattern, room)) {
        return true;
      }
    }
    return false;
  }
}
