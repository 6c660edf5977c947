package io.wsgate.gateway.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Reads the {@code auth} section. Key material is only located here; {@code KeyLoader} reads it. */
final class AuthConfig {

  /** The algorithms accepted for {@code auth.keys[].algorithm}; anything else is refused at start-up. */
  static final List<String> ALGORITHMS = List.of("HS256", "RS256", "ES256");
  private static final int MAX_CLOCK_SKEW_SECONDS = 600;
  /** Cookie names are RFC 6265 tokens. */
  private static final String COOKIE_NAME = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";

  private AuthConfig() {
  }

  static AuthSettings parse(ConfigReader r) {
    r.rejectUnknownKeys(Set.of("keys", "jwksPath", "issuer", "audience", "clockSkewSeconds", "tokenSources", "cookieName"));
    List<KeySpec> keys = new ArrayList<>();
    for (ConfigReader entry : r.objects("keys")) {
      keys.add(key(entry));
    }
    String cookieName = r.string("cookieName", AuthSettings.DEFAULT_COOKIE_NAME);
    if (!cookieName.matches(COOKIE_NAME)) {
      throw new ConfigException(r.key("cookieName"), "must be a cookie name (an HTTP token), got \"" + cookieName + "\"");
    }
    return new AuthSettings(keys, r.string("jwksPath", null), r.string("issuer", null), r.stringOrStrings("audience"),
        r.intValue("clockSkewSeconds", AuthSettings.DEFAULT_CLOCK_SKEW_SECONDS, 0, MAX_CLOCK_SKEW_SECONDS),
        sources(r), cookieName);
  }

  private static KeySpec key(ConfigReader r) {
    r.rejectUnknownKeys(Set.of("algorithm", "id", "secret", "secretPath", "publicKey", "publicKeyPath"));
    String algorithm = r.requiredString("algorithm");
    if (!ALGORITHMS.contains(algorithm)) {
      throw new ConfigException(r.key("algorithm"), "must be one of " + String.join(", ", ALGORITHMS)
          + ", got \"" + algorithm + "\"");
    }
    boolean secret = algorithm.startsWith("HS");
    String inlineName = secret ? "secret" : "publicKey";
    String pathName = secret ? "secretPath" : "publicKeyPath";
    // A secret under publicKey (or the reverse) is a mix-up worth stopping for.
    for (String wrong : secret ? List.of("publicKey", "publicKeyPath") : List.of("secret", "secretPath")) {
      if (r.has(wrong)) {
        throw new ConfigException(r.key(wrong), "does not apply to " + algorithm + " (use " + inlineName
            + " or " + pathName + ")");
      }
    }
    String inline = r.string(inlineName, null);
    String path = r.string(pathName, null);
    if ((inline == null) == (path == null)) {
      throw new ConfigException(r.key(inlineName), "give exactly one of " + inlineName + " and " + pathName);
    }
    return new KeySpec(r.path(), algorithm, r.string("id", null), inline, path,
        r.key(inline != null ? inlineName : pathName));
  }

  private static List<TokenSource> sources(ConfigReader r) {
    if (!r.has("tokenSources")) {
      return AuthSettings.DEFAULT_SOURCES;
    }
    List<String> names = r.strings("tokenSources");
    if (names.isEmpty()) {
      throw new ConfigException(r.key("tokenSources"), "must name at least one of header, query, cookie");
    }
    List<TokenSource> sources = new ArrayList<>();
    Set<TokenSource> seen = new HashSet<>();
    for (int i = 0; i < names.size(); i++) {
      TokenSource source = TokenSource.fromWire(names.get(i));
      String key = r.key("tokenSources") + "[" + i + "]";
      if (source == null) {
        throw new ConfigException(key, "must be header, query or cookie, got \"" + names.get(i) + "\"");
      }
      if (!seen.add(source)) {
        throw new ConfigException(key, "\"" + names.get(i) + "\" listed twice");
      }
      sources.add(source);
    }
    return sources;
  }
}
