package io.wsgate.gateway.auth;

import java.time.Instant;

/**
 * Who a connection is, as its token says; routers get it in the open event.
 *
 * @param user the token's {@code sub}, or null for an anonymous connection (optional auth, no token)
 * @param claims every claim of the token as compact JSON, or null when anonymous
 * @param expiresAt the token's {@code exp}, or null when it has none (or is anonymous)
 */
public record Identity(String user, String claims, Instant expiresAt) {

  private static final Identity ANONYMOUS = new Identity(null, null, null);

  public static Identity anonymous() {
    return ANONYMOUS;
  }

  public boolean isAnonymous() {
    return user == null;
  }
}
