package io.wsgate.gateway.management;

import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/** The demo chat page's static files, read once from the classpath ({@code demo/} in the jar). */
final class DemoAssets {

  /** A file and its media type. */
  record Asset(String contentType, Buffer content) {
  }

  private static final Map<String, String> FILES = Map.of(
      "index.html", "text/html; charset=utf-8",
      "chat.js", "text/javascript; charset=utf-8",
      "chat.css", "text/css; charset=utf-8",
      "favicon.svg", "image/svg+xml");

  private final Map<String, Asset> assets;

  private DemoAssets(Map<String, Asset> assets) {
    this.assets = assets;
  }

  /** Blocking (jar reads): call off the event loop. Fails if a file is missing from the build. */
  static DemoAssets load(ClassLoader loader) {
    Map<String, Asset> loaded = new java.util.HashMap<>();
    FILES.forEach((name, type) -> loaded.put(name, new Asset(type, read(loader, "demo/" + name))));
    return new DemoAssets(Map.copyOf(loaded));
  }

  /** The asset for a file name such as {@code chat.js}, or null. */
  Asset get(String name) {
    return assets.get(name);
  }

  private static Buffer read(ClassLoader loader, String resource) {
    try (InputStream in = loader.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("demo page resource missing from the classpath: " + resource);
      }
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }
}
