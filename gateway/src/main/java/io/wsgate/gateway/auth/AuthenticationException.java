package io.wsgate.gateway.auth;

/**
 * A token was missing, unreadable or not valid. The message is for the gateway's debug log
 * only: the client just gets 401 "invalid or missing token", so it learns nothing about why.
 */
public final class AuthenticationException extends Exception {

  private static final int MAX_MESSAGE = 200;

  public AuthenticationException(String message) {
    // No stack trace: raised by client input, possibly at a high rate.
    super(loggable(message), null, false, false);
  }

  /**
   * Parser messages may quote the token's decoded bytes: keep them to one short line so a client
   * cannot forge log lines.
   */
  private static String loggable(String message) {
    String line = String.valueOf(message).replaceAll("\\p{Cntrl}", "?");
    return line.length() <= MAX_MESSAGE ? line : line.substring(0, MAX_MESSAGE) + "...";
  }
}
