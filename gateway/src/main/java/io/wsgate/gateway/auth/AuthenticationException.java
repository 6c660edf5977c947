package io.wsgate.gateway.auth;

/**
 * A token was missing, unreadable or not valid. The message is for the gateway's debug log
 * only: the client just gets 401 "invalid or missing token", so it learns nothing about why.
 */
public final class AuthenticationException extends Exception {

  public AuthenticationException(String message) {
    // No stack trace: raised by client input, possibly at a high rate.
    super(message, null, false, false);
  }
}
