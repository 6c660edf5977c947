package io.wsgate.gateway.config;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads the configuration with vertx-config: one file (the embedded default, or the one given
 * with {@code --config}), then the {@code WSGATE_*} environment variables on top.
 */
public final class ConfigLoader {

  /** Classpath location of conf/gateway.yaml inside the jar. */
  public static final String EMBEDDED_DEFAULT = "wsgate-defaults/gateway.yaml";

  private ConfigLoader() {
  }

  /** @param file a YAML or JSON file, or null for the embedded default */
  public static Future<GatewayConfig> load(Vertx vertx, Path file) {
    String path;
    String format;
    if (file == null) {
      path = EMBEDDED_DEFAULT;
      format = "yaml";
    } else {
      if (!Files.isRegularFile(file)) {
        return Future.failedFuture(new ConfigException("--config", "no such file: " + file));
      }
      path = file.toAbsolutePath().toString();
      String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
      if (name.endsWith(".json")) {
        format = "json";
      } else if (name.endsWith(".yaml") || name.endsWith(".yml")) {
        format = "yaml";
      } else {
        return Future.failedFuture(new ConfigException("--config", "file must end in .yaml, .yml or .json: " + file));
      }
    }
    ConfigStoreOptions fileStore = new ConfigStoreOptions()
        .setType("file")
        .setFormat(format)
        .setConfig(new JsonObject().put("path", path));
    ConfigStoreOptions envStore = new ConfigStoreOptions()
        .setType("env")
        .setConfig(new JsonObject().put("keys", new JsonArray(GatewayConfig.ENV_KEYS)).put("raw-data", true));
    ConfigRetriever retriever = ConfigRetriever.create(vertx,
        new ConfigRetrieverOptions().setScanPeriod(0).addStore(fileStore).addStore(envStore));
    return retriever.getConfig()
        .recover(e -> Future.failedFuture(new ConfigException("cannot read configuration " + path + ": " + e.getMessage(), e)))
        .map(GatewayConfig::parse)
        .andThen(ar -> retriever.close());
  }
}
