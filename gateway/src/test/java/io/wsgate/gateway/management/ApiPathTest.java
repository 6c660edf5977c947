package io.wsgate.gateway.management;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ApiPathTest {

  @Test
  void endpoints() {
    assertEquals(new ApiPath(ApiEndpoint.ROOMS, null), ApiPath.parse("/api/rooms"));
    assertEquals(new ApiPath(ApiEndpoint.ROOM_MESSAGE, "lobby"), ApiPath.parse("/api/rooms/lobby/messages"));
    assertEquals(new ApiPath(ApiEndpoint.PRESENCE, "lobby"), ApiPath.parse("/api/rooms/lobby/presence"));
    assertEquals(new ApiPath(ApiEndpoint.USER_MESSAGE, "bob"), ApiPath.parse("/api/users/bob/messages"));
    assertNull(ApiPath.parse("/api/users/bob/presence"));
    assertNull(ApiPath.parse("/api/rooms/lobby/messages/"));
    assertNull(ApiPath.parse("/apix/rooms"));
  }

  @Test
  void percentDecoding() {
    assertEquals("a b+c/d", ApiPath.decode("a%20b+c%2Fd"));
    assertEquals("\u00e9\uD83D\uDE00", ApiPath.decode("%C3%A9%F0%9F%98%80"));
    assertThrows(ApiError.class, () -> ApiPath.decode("%"));
    assertThrows(ApiError.class, () -> ApiPath.decode("%2"));
    assertThrows(ApiError.class, () -> ApiPath.decode("%zz"));
    assertThrows(ApiError.class, () -> ApiPath.decode("%FF"));
  }
}
