package io.wsgate.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AuthenticationExceptionTest {

  @Test
  void messagesAreOneShortLine() {
    assertEquals("bad ?[forged] INFO admin logged in", new AuthenticationException("bad \n[forged] INFO admin logged in").getMessage());
    String longMessage = new AuthenticationException("x".repeat(1000)).getMessage();
    assertTrue(longMessage.length() <= 203, longMessage);
    assertEquals("null", new AuthenticationException(null).getMessage());
  }
}
