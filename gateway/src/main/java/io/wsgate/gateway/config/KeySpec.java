package io.wsgate.gateway.config;

/**
 * One verification key ({@code auth.keys[i]}): where its material is, not the material itself
 * (files are read at start-up, off the config parser).
 *
 * @param key the config key of this entry, e.g. {@code auth.keys[0]}, for error messages
 * @param algorithm {@code HS256}, {@code RS256} or {@code ES256}
 * @param id the key id ({@code kid}) tokens name, or null: then the key is tried for any kid
 * @param inline the secret (HS256) or the PEM (RS256/ES256) given in the config, or null
 * @param path the file holding it, or null
 * @param sourceKey the config key that gave {@code inline} or {@code path}, e.g.
 *     {@code auth.keys[0].publicKeyPath}
 */
public record KeySpec(String key, String algorithm, String id, String inline, String path, String sourceKey) {

  /** Whether the key is a shared secret (HMAC) rather than a public key. */
  public boolean isSecret() {
    return algorithm.startsWith("HS");
  }
}
