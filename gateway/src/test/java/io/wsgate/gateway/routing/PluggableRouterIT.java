package io.wsgate.gateway.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgate.gateway.interop.GatewayProcess;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A router that is not bundled runs from its own jar, named in config, without rebuilding the
 * gateway: {@code java -cp wsgate.jar:shout-router.jar io.wsgate.gateway.Main --config FILE}.
 */
class PluggableRouterIT {

  private static Path shoutJar() {
    Path jar = Path.of(System.getProperty("wsgate.example.router.jar", "../modules/example-shout/target/shout-router.jar"));
    assertTrue(Files.isRegularFile(jar), "example router jar missing (built by modules/example-shout): " + jar);
    return jar;
  }

  private static Path config(Path dir, String router) throws Exception {
    Path file = dir.resolve("gateway.yaml");
    Files.writeString(file, String.join("\n",
        "routes:",
        "  - path: /shout",
        "    router: " + router,
        "    options:",
        "      prefix: '> '",
        ""));
    return file;
  }

  private static String ask(GatewayProcess gateway, String text) throws Exception {
    CompletableFuture<String> reply = new CompletableFuture<>();
    WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
        .buildAsync(gateway.wsUri("/shout"), new WebSocket.Listener() {
          private final StringBuilder parts = new StringBuilder();

          @Override
          public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            parts.append(data);
            if (last) {
              reply.complete(parts.toString());
            }
            webSocket.request(1);
            return null;
          }
        }).get(10, TimeUnit.SECONDS);
    socket.sendText(text, true);
    String answer = reply.get(10, TimeUnit.SECONDS);
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(10, TimeUnit.SECONDS);
    return answer;
  }

  @Test
  void exampleRouterIsNotInTheFatJar() throws Exception {
    try (ZipFile fatJar = new ZipFile(System.getProperty("wsgate.jar", "target/wsgate.jar"))) {
      assertNull(fatJar.getEntry("com/example/shout/ShoutRouter.class"));
    }
  }

  @Test
  void routerFromItsOwnJarIsFoundByName(@TempDir Path dir) throws Exception {
    try (GatewayProcess gateway = GatewayProcess.start("pluggable-name", List.of(shoutJar()),
        List.of("--config", config(dir, "shout").toString()), Map.of())) {
      assertEquals("> HELLO", ask(gateway, "hello"));
    }
  }

  @Test
  void routerFromItsOwnJarIsFoundByClassName(@TempDir Path dir) throws Exception {
    try (GatewayProcess gateway = GatewayProcess.start("pluggable-class", List.of(shoutJar()),
        List.of("--config", config(dir, "com.example.shout.ShoutRouter").toString()), Map.of())) {
      assertEquals("> LOUD", ask(gateway, "loud"));
    }
  }

  @Test
  void withoutTheJarTheRouterIsUnknownAndStartUpFails(@TempDir Path dir) throws Exception {
    Path jar = Path.of(System.getProperty("wsgate.jar", "target/wsgate.jar"));
    Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", jar.toString(), "--config", config(dir, "shout").toString())
        .redirectErrorStream(true).start();
    assertTrue(process.waitFor(30, TimeUnit.SECONDS), "gateway did not exit");
    String output = new String(process.getInputStream().readAllBytes());
    assertEquals(2, process.exitValue(), output);
    assertTrue(output.contains("routes[0].router: unknown router \"shout\""), output);
  }
}
