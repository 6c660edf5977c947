package io.wsgate.gateway.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.wsgate.gateway.config.AuthMode;
import io.wsgate.gateway.config.AuthSettings;
import io.wsgate.gateway.handshake.HandshakeRequest;
import java.time.Instant;

/**
 * Checks the token of a handshake with vertx-auth-jwt: signature (only the configured keys and
 * their algorithms; {@code alg: none} never passes once a key is set), {@code exp}/{@code nbf}/
 * {@code iat} with the clock skew, then issuer and audience when configured; the token must name
 * its user in {@code sub}.
 *
 * <p>One instance per event loop, used only there: vertx-auth serialises verifications per key
 * (one {@code Signature} object each), so a provider shared by every event loop would make them
 * queue behind each other's locks. A verification (microseconds for HS256, tens to a few hundred
 * for RS256/ES256) costs less than the TLS handshake the same loop already does.
 */
public final class Authenticator {

  /** Later expiries are as good as none, and would overflow time arithmetic. */
  private static final Instant LATEST_EXPIRY = Instant.parse("9999-12-31T23:59:59Z");

  private final JWTAuth provider;
  private final AuthSettings settings;

  private Authenticator(JWTAuth provider, AuthSettings settings) {
    this.provider = provider;
    this.settings = settings;
  }

  public static Authenticator create(Vertx vertx, AuthKeys keys) {
    return new Authenticator(JWTAuth.create(vertx, keys.copyOfOptions()), keys.settings());
  }

  /**
   * The identity for this handshake: the token's, or anonymous when {@code mode} is optional and
   * no source carries a token. Fails with {@link AuthenticationException} otherwise; a token that
   * is present but invalid fails even on an optional route.
   */
  public Future<Identity> authenticate(HandshakeRequest request, AuthMode mode) {
    String token;
    try {
      token = TokenExtractor.find(request, settings.tokenSources(), settings.cookieName());
    } catch (AuthenticationException e) {
      return Future.failedFuture(e);
    }
    if (token == null) {
      return mode == AuthMode.OPTIONAL ? Future.succeededFuture(Identity.anonymous())
          : Future.failedFuture(new AuthenticationException("no token"));
    }
    return provider.authenticate(new TokenCredentials(token))
        .recover(e -> Future.failedFuture(new AuthenticationException(String.valueOf(e.getMessage()))))
        .compose(Authenticator::identity);
  }

  private static Future<Identity> identity(User user) {
    // vertx-auth keeps the verified payload, exp/iat/nbf included, under "accessToken".
    JsonObject claims = user.attributes().getJsonObject("accessToken");
    Object subject = claims == null ? null : claims.getValue("sub");
    if (!(subject instanceof String) || ((String) subject).isEmpty()) {
      return Future.failedFuture(new AuthenticationException("token has no sub"));
    }
    return Future.succeededFuture(new Identity((String) subject, claims.encode(), expiry(claims.getValue("exp"))));
  }

  /** {@code exp} in seconds (RFC 7519 NumericDate, fractions allowed); null when absent or past year 9999. */
  private static Instant expiry(Object exp) {
    if (!(exp instanceof Number)) {
      return null;
    }
    double seconds = ((Number) exp).doubleValue();
    return seconds > LATEST_EXPIRY.getEpochSecond() ? null : Instant.ofEpochMilli((long) (seconds * 1000));
  }
}
