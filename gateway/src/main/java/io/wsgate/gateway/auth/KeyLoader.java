package io.wsgate.gateway.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.impl.jose.JWK;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.wsgate.gateway.config.AuthSettings;
import io.wsgate.gateway.config.ConfigException;
import io.wsgate.gateway.config.KeySpec;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and checks the keys of {@code auth.*} at start-up: files are read with the async file
 * system, and every key is parsed here so that a bad one stops start-up with an error naming its
 * config key instead of failing each handshake later.
 *
 * <p>Keys are parsed with vertx-auth's own {@link JWK} (an impl class, but the one the provider
 * uses): JWTAuth only logs a warning for an unusable JWKS entry, which would leave a gateway
 * running that rejects every token.
 */
public final class KeyLoader {

  private static final Logger LOG = LoggerFactory.getLogger(KeyLoader.class);
  /** RFC 7518 §3.2: an HS256 key must be at least as long as the hash output. */
  private static final int MIN_SECRET_BYTES = 32;
  private static final int MIN_RSA_BITS = 2048;
  private static final int P256_BITS = 256;
  /** The JWK key type each algorithm needs; an entry without {@code alg} gets the default of its kty. */
  private static final Map<String, String> KEY_TYPES = Map.of("HS256", "oct", "RS256", "RSA", "ES256", "EC");
  private static final Map<String, String> DEFAULT_ALGORITHMS = Map.of("oct", "HS256", "RSA", "RS256", "EC", "ES256");
  private static final String JWKS_KEY = "auth.jwksPath";

  private KeyLoader() {
  }

  /** The keys, or null when none are configured (no route may then ask for a token). */
  public static Future<AuthKeys> load(Vertx vertx, AuthSettings settings) {
    if (!settings.hasKeys()) {
      return Future.succeededFuture(null);
    }
    List<Future<Buffer>> materials = new ArrayList<>();
    for (KeySpec spec : settings.keys()) {
      materials.add(spec.inline() != null
          ? Future.succeededFuture(Buffer.buffer(spec.inline(), StandardCharsets.UTF_8.name()))
          : read(vertx, spec.path(), spec.sourceKey()));
    }
    Future<Buffer> jwks = settings.jwksPath() == null ? Future.succeededFuture(null)
        : read(vertx, settings.jwksPath(), JWKS_KEY);
    List<Future<Buffer>> reads = new ArrayList<>(materials);
    reads.add(jwks);
    // Built in one callback once everything is read, so the options are never shared mid-build;
    // the first unreadable file in config order is reported, whatever finished first.
    return Future.join(reads).transform(done -> firstFailure(reads)).map(all -> {
      JWTAuthOptions options = new JWTAuthOptions().setJWTOptions(jwtOptions(settings));
      for (int i = 0; i < settings.keys().size(); i++) {
        options.addPubSecKey(pubSecKey(settings.keys().get(i), materials.get(i).result()));
      }
      if (jwks.result() != null) {
        jwks(jwks.result()).forEach(options::addJwk);
      }
      return new AuthKeys(options, settings);
    });
  }

  private static Future<Void> firstFailure(List<Future<Buffer>> reads) {
    for (Future<Buffer> read : reads) {
      if (read.failed()) {
        return Future.failedFuture(read.cause());
      }
    }
    return Future.succeededFuture();
  }

  private static JWTOptions jwtOptions(AuthSettings settings) {
    JWTOptions jwt = new JWTOptions().setLeeway(settings.clockSkewSeconds());
    if (settings.issuer() != null) {
      jwt.setIssuer(settings.issuer());
    }
    if (!settings.audience().isEmpty()) {
      jwt.setAudience(settings.audience());
    }
    return jwt;
  }

  private static Future<Buffer> read(Vertx vertx, String path, String key) {
    return vertx.fileSystem().readFile(path).recover(e -> Future.failedFuture(
        new ConfigException(key, "cannot read " + path + ": " + rootMessage(e))));
  }

  private static PubSecKeyOptions pubSecKey(KeySpec spec, Buffer material) {
    PubSecKeyOptions options = new PubSecKeyOptions().setAlgorithm(spec.algorithm()).setId(spec.id());
    if (spec.isSecret()) {
      Buffer secret = spec.path() == null ? material : withoutTrailingNewlines(material);
      if (secret.length() < MIN_SECRET_BYTES) {
        throw new ConfigException(spec.sourceKey(), "an HS256 secret must be at least " + MIN_SECRET_BYTES
            + " bytes (RFC 7518 §3.2), got " + secret.length());
      }
      return options.setBuffer(secret);
    }
    String pem = material.toString(StandardCharsets.US_ASCII).strip();
    if (!pem.startsWith("-----BEGIN PUBLIC KEY-----") && !pem.startsWith("-----BEGIN CERTIFICATE-----")) {
      throw new ConfigException(spec.sourceKey(),
          "must be a PEM public key (-----BEGIN PUBLIC KEY-----) or certificate; never give the gateway a private key");
    }
    options.setBuffer(pem);
    try {
      check(new JWK(options).publicKey(), spec.algorithm());
    } catch (RuntimeException e) {
      throw new ConfigException(spec.sourceKey(), "not a usable " + spec.algorithm() + " public key: " + rootMessage(e));
    }
    return options;
  }

  /** The usable signing keys of a JWKS file; keys for other uses or algorithms are skipped. */
  private static List<JsonObject> jwks(Buffer file) {
    JsonArray keys;
    try {
      keys = new JsonObject(file).getJsonArray("keys");
    } catch (DecodeException | ClassCastException e) {
      throw new ConfigException(JWKS_KEY, "not a JWK Set (a JSON object with a \"keys\" array): " + rootMessage(e));
    }
    if (keys == null) {
      throw new ConfigException(JWKS_KEY, "not a JWK Set: no \"keys\" array");
    }
    List<JsonObject> usable = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      if (!(keys.getValue(i) instanceof JsonObject)) {
        throw new ConfigException(JWKS_KEY, "keys[" + i + "] is not an object");
      }
      JsonObject jwk = keys.getJsonObject(i).copy();
      String use = jwk.getString("use");
      String algorithm = jwk.getString("alg", DEFAULT_ALGORITHMS.get(jwk.getString("kty")));
      if ((use != null && !use.equals("sig")) || algorithm == null || !KEY_TYPES.containsKey(algorithm)) {
        LOG.warn("{}: keys[{}] (kid {}) skipped: only signing keys for HS256, RS256 and ES256 are used",
            JWKS_KEY, i, jwk.getString("kid"));
        continue;
      }
      if (!KEY_TYPES.get(algorithm).equals(jwk.getString("kty"))) {
        throw new ConfigException(JWKS_KEY, "keys[" + i + "]: alg " + algorithm + " needs kty " + KEY_TYPES.get(algorithm));
      }
      // Explicit, so the provider files the key under the algorithm checked here.
      jwk.put("alg", algorithm);
      try {
        JWK parsed = new JWK(jwk);
        if (algorithm.equals("HS256")) {
          checkSecret(jwk.getString("k"), i);
        } else {
          check(parsed.publicKey(), algorithm);
        }
      } catch (RuntimeException e) {
        if (e instanceof ConfigException) {
          throw e;
        }
        throw new ConfigException(JWKS_KEY, "keys[" + i + "]: not a usable " + algorithm + " key: " + rootMessage(e));
      }
      usable.add(jwk);
    }
    if (usable.isEmpty()) {
      throw new ConfigException(JWKS_KEY, "no usable signing key (HS256, RS256 or ES256) in the set");
    }
    return usable;
  }

  /** The key must be of the algorithm's type and strong enough: RSA of 2048+ bits, EC on P-256. */
  private static void check(PublicKey key, String algorithm) {
    if (key == null) {
      throw new IllegalArgumentException("no public key found");
    }
    if (algorithm.equals("RS256")) {
      if (!(key instanceof RSAPublicKey rsa)) {
        throw new IllegalArgumentException("an RS256 key must be RSA, got " + key.getAlgorithm());
      }
      if (rsa.getModulus().bitLength() < MIN_RSA_BITS) {
        throw new IllegalArgumentException("RSA keys need at least " + MIN_RSA_BITS + " bits, got " + rsa.getModulus().bitLength());
      }
    } else if (algorithm.equals("ES256")) {
      if (!(key instanceof ECPublicKey ec) || ec.getParams().getCurve().getField().getFieldSize() != P256_BITS) {
        throw new IllegalArgumentException("an ES256 key must be an EC key on P-256, got " + key.getAlgorithm());
      }
    }
  }

  private static void checkSecret(String k, int index) {
    int length = k == null ? 0 : Base64.getUrlDecoder().decode(k).length;
    if (length < MIN_SECRET_BYTES) {
      throw new ConfigException(JWKS_KEY, "keys[" + index + "]: an HS256 secret must be at least "
          + MIN_SECRET_BYTES + " bytes (RFC 7518 §3.2), got " + length);
    }
  }

  /** Secret files usually end in a line break the issuer does not sign with. */
  private static Buffer withoutTrailingNewlines(Buffer buffer) {
    int end = buffer.length();
    while (end > 0 && (buffer.getByte(end - 1) == '\n' || buffer.getByte(end - 1) == '\r')) {
      end--;
    }
    return buffer.getBuffer(0, end);
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }
}
