package io.wsgate.gateway.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Fuzz seed corpora generated from code: written by a generator's main, checked by a test. */
public final class SeedFiles {

  private SeedFiles() {
  }

  /** Writes every seed as a file named after it. */
  public static void write(Path dir, Map<String, byte[]> seeds) throws IOException {
    Files.createDirectories(dir);
    for (Map.Entry<String, byte[]> seed : seeds.entrySet()) {
      Files.write(dir.resolve(seed.getKey()), seed.getValue());
    }
  }

  /**
   * Fails unless every seed is committed, byte for byte, as a classpath resource next to
   * {@code owner} under {@code resourceDir}.
   */
  public static void assertCommitted(Class<?> owner, String resourceDir, Map<String, byte[]> seeds) throws IOException {
    for (Map.Entry<String, byte[]> seed : seeds.entrySet()) {
      try (InputStream in = owner.getResourceAsStream(resourceDir + "/" + seed.getKey())) {
        assertNotNull(in, () -> "seed " + seed.getKey() + " not committed: run " + owner.getSimpleName() + ".main");
        assertArrayEquals(seed.getValue(), in.readAllBytes(), () -> "seed " + seed.getKey() + " is stale");
      }
    }
  }
}
