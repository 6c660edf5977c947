package io.wsgate.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class ConfigLoaderTest {

  @Test
  void embeddedDefaultIsTheShippedConfFile(Vertx vertx, VertxTestContext test) {
    ConfigLoader.load(vertx, null).onComplete(test.succeeding(config -> test.verify(() -> {
      // Mirrors conf/gateway.yaml: if this fails, the file and the docs disagree.
      assertEquals(8080, config.server().port());
      assertEquals(8081, config.server().managementPort());
      assertEquals("/echo", config.routes().get(0).path());
      assertEquals("echo", config.routes().get(0).router());
      assertEquals(List.of("echo.v1", "echo.v2"), config.routes().get(0).subprotocols());
      JsonObject builtIn = new JsonObject().put("routes",
          new JsonArray().add(new JsonObject().put("path", "/e").put("router", "echo")));
      assertEquals(GatewayConfig.parse(builtIn).limits(), config.limits(), "conf/gateway.yaml spells out the built-in limits");
      test.completeNow();
    })));
  }

  @Test
  void jsonFileIsRead(Vertx vertx, VertxTestContext test, @TempDir Path dir) throws Exception {
    Path file = dir.resolve("gw.json");
    Files.writeString(file, "{\"server\":{\"port\":9999},\"routes\":[{\"path\":\"/e\",\"router\":\"echo\"}]}");
    ConfigLoader.load(vertx, file).onComplete(test.succeeding(config -> test.verify(() -> {
      assertEquals(9999, config.server().port());
      test.completeNow();
    })));
  }

  @Test
  void yamlTypoFailsNamingTheKey(Vertx vertx, VertxTestContext test, @TempDir Path dir) throws Exception {
    Path file = dir.resolve("gw.yaml");
    Files.writeString(file, "limits:\n  maxFrameSzie: 10\nroutes:\n  - path: /e\n    router: echo\n");
    ConfigLoader.load(vertx, file).onComplete(test.failing(e -> test.verify(() -> {
      assertInstanceOf(ConfigException.class, e);
      assertTrue(e.getMessage().startsWith("limits.maxFrameSzie: unknown key"), e.getMessage());
      test.completeNow();
    })));
  }

  @Test
  void missingFileIsAConfigError(Vertx vertx, VertxTestContext test, @TempDir Path dir) {
    ConfigLoader.load(vertx, dir.resolve("nope.yaml")).onComplete(test.failing(e -> test.verify(() -> {
      assertInstanceOf(ConfigException.class, e);
      assertTrue(e.getMessage().contains("no such file"), e.getMessage());
      test.completeNow();
    })));
  }

  @Test
  void unparsableYamlIsAConfigError(Vertx vertx, VertxTestContext test, @TempDir Path dir) throws Exception {
    Path file = dir.resolve("gw.yaml");
    Files.writeString(file, "server: [unclosed\n");
    ConfigLoader.load(vertx, file).onComplete(test.failing(e -> test.verify(() -> {
      assertInstanceOf(ConfigException.class, e);
      assertTrue(e.getMessage().startsWith("cannot read configuration"), e.getMessage());
      test.completeNow();
    })));
  }
}
