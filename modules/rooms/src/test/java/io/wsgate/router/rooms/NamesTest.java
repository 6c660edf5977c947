package io.wsgate.router.rooms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NamesTest {

  @Test
  void userNames() {
    assertTrue(Names.isUser("a"));
    assertTrue(Names.isUser("Alice.B_c-9"));
    assertTrue(Names.isUser("x".repeat(32)));
    assertFalse(Names.isUser(""));
    assertFalse(Names.isUser("x".repeat(33)));
    assertFalse(Names.isUser("a b"));
    assertFalse(Names.isUser("a:b"));
    assertFalse(Names.isUser("\u00e9"));
    assertFalse(Names.isUser(null));
  }

  @Test
  void roomNames() {
    assertTrue(Names.isRoom("lobby"));
    assertTrue(Names.isRoom("team:42.chat_room-1"));
    assertTrue(Names.isRoom("r".repeat(64)));
    assertFalse(Names.isRoom(""));
    assertFalse(Names.isRoom("r".repeat(65)));
    assertFalse(Names.isRoom("a/b"));
    assertFalse(Names.isRoom("a b"));
    assertFalse(Names.isRoom(null));
  }

  @Test
  void userFromQuery() {
    assertEquals("alice", Names.userFromQuery("user=alice"));
    assertEquals("alice", Names.userFromQuery("token=x&user=alice&lang=en"));
    assertEquals("a.b-c", Names.userFromQuery("user=a%2Eb%2Dc"));
    assertEquals("bob", Names.userFromQuery("us%65r=bob"));
  }

  @Test
  void badQueries() {
    assertEquals("missing user: connect with ?user=NAME", reason(null));
    assertEquals("missing user: connect with ?user=NAME", reason(""));
    assertEquals("missing user: connect with ?user=NAME", reason("username=alice"));
    assertEquals("invalid user name: 1-32 characters of A-Z a-z 0-9 . _ -", reason("user"));
    assertEquals("invalid user name: 1-32 characters of A-Z a-z 0-9 . _ -", reason("user="));
    assertEquals("invalid user name: 1-32 characters of A-Z a-z 0-9 . _ -", reason("user=a+b"));
    assertEquals("invalid user name: 1-32 characters of A-Z a-z 0-9 . _ -", reason("user=%C3%A9"));
    assertEquals("invalid user name: 1-32 characters of A-Z a-z 0-9 . _ -", reason("user=" + "a".repeat(33)));
    assertEquals("user given more than once", reason("user=a&user=a"));
    assertEquals("badly encoded query string", reason("user=%zz"));
  }

  private static String reason(String query) {
    return assertThrows(IllegalArgumentException.class, () -> Names.userFromQuery(query)).getMessage();
  }
}
