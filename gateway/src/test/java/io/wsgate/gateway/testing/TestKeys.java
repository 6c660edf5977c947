package io.wsgate.gateway.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;

/** Key pairs made by the test (KeyPairGenerator), as PEM files and JWKs for the gateway config. */
public final class TestKeys {

  /** A 32-byte HS256 secret (the minimum the gateway accepts). */
  public static final String HS256_SECRET = "an-hs256-test-secret-of-32-bytes";

  private TestKeys() {
  }

  public static KeyPair rsa(int bits) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(bits);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static KeyPair rsa() {
    return rsa(2048);
  }

  /** An EC key pair on the named curve ({@code secp256r1} for ES256). */
  public static KeyPair ec(String curve) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec(curve));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static KeyPair p256() {
    return ec("secp256r1");
  }

  /** {@code -----BEGIN PUBLIC KEY-----} (X.509 SubjectPublicKeyInfo). */
  public static String publicPem(KeyPair pair) {
    return pem("PUBLIC KEY", pair.getPublic().getEncoded());
  }

  /** {@code -----BEGIN PRIVATE KEY-----} (PKCS#8): what must never be given to the gateway. */
  public static String privatePem(KeyPair pair) {
    return pem("PRIVATE KEY", pair.getPrivate().getEncoded());
  }

  public static String pem(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }

  /** The public half as a JWK (RFC 7517), RSA or EC P-256. */
  public static JsonObject jwk(KeyPair pair, String kid) {
    JsonObject jwk = new JsonObject().put("kid", kid).put("use", "sig");
    if (pair.getPublic() instanceof RSAPublicKey rsa) {
      return jwk.put("kty", "RSA").put("alg", "RS256")
          .put("n", b64(unsigned(rsa.getModulus()))).put("e", b64(unsigned(rsa.getPublicExponent())));
    }
    ECPublicKey ec = (ECPublicKey) pair.getPublic();
    return jwk.put("kty", "EC").put("alg", "ES256").put("crv", "P-256")
        .put("x", b64(fixed(ec.getW().getAffineX(), 32))).put("y", b64(fixed(ec.getW().getAffineY(), 32)));
  }

  public static JsonObject jwks(JsonObject... keys) {
    return new JsonObject().put("keys", new JsonArray(Arrays.asList((Object[]) keys)));
  }

  private static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static byte[] unsigned(BigInteger value) {
    byte[] bytes = value.toByteArray();
    return bytes[0] == 0 && bytes.length > 1 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
  }

  private static byte[] fixed(BigInteger value, int length) {
    byte[] bytes = unsigned(value);
    byte[] out = new byte[length];
    System.arraycopy(bytes, 0, out, length - bytes.length, bytes.length);
    return out;
  }
}
