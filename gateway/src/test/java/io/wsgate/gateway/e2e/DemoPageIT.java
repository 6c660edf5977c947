package io.wsgate.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.wsgate.gateway.interop.GatewayProcess;
import io.wsgate.gateway.testing.RoomsGateway;
import io.wsgate.gateway.testing.Scripts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo chat page in headless Debian Chromium against the fat jar: room messages, presence,
 * room isolation, markup shown as text, reconnect and rejoin, a message pushed through the publish
 * API. The browser part is {@code src/test/e2e/demo_page.test.mjs} (playwright-core); it never
 * skips: without Chromium or the npm packages it fails and says what to install.
 */
class DemoPageIT {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Pattern SUMMARY = Pattern.compile("(?m)^[1-9]\\d* passed, 0 failed$");

  @Test
  @Timeout(value = 200, unit = TimeUnit.SECONDS)
  void demoPageInHeadlessChromium(@TempDir Path dir) throws Exception {
    Path e2e = Path.of(System.getProperty("user.dir")).resolve("src/test/e2e").toAbsolutePath();
    Path script = e2e.resolve("demo_page.test.mjs");
    assertTrue(Files.isRegularFile(script), "missing " + script);
    requireTools(e2e);

    String key = RoomsGateway.newKey();
    try (GatewayProcess gateway = RoomsGateway.start("demo-page", dir, key)) {
      Scripts.Result result = Scripts.run("e2e", List.of("node", script.toString(), "http://127.0.0.1:" + gateway.managementPort()),
          e2e, Map.of("WSGATE_API_KEY", key, "WSGATE_API_SENDER", RoomsGateway.SENDER), Duration.ofSeconds(150));
      String log = "\nwsgate log tail (" + gateway.logFile() + "):\n" + gateway.logTail(40);
      assertEquals(0, result.exitCode(), () -> "browser test failed:\n" + result.output() + log);
      assertTrue(SUMMARY.matcher(result.output()).find(), () -> "no 'N passed, 0 failed' line:\n" + result.output());
    }
  }

  /** Fails (never skips) with the command that installs what is missing. */
  static void requireTools(Path e2e) throws IOException, InterruptedException {
    if (!Files.isExecutable(CHROMIUM)) {
      fail(CHROMIUM + " not found: install Debian's Chromium (`apt-get install chromium`, or run `bash .ci/run`)");
    }
    if (!Files.isRegularFile(e2e.resolve("node_modules/playwright-core/package.json"))) {
      fail("playwright-core is not installed: run `npm ci` in " + e2e + " (needs Node.js 20 and npm;"
          + " `bash .ci/run` does it)");
    }
    Scripts.Result node;
    try {
      node = Scripts.run("node-probe", List.of("node", "--version"), e2e, Map.of(), Duration.ofSeconds(30));
    } catch (IOException e) {
      fail("cannot run `node` (" + e.getMessage() + "): install Node.js 20 (`apt-get install nodejs npm`)");
      return;
    }
    assertEquals(0, node.exitCode(), () -> "`node --version` failed:\n" + node.output());
  }
}
