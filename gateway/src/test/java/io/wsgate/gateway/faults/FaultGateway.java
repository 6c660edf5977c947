package io.wsgate.gateway.faults;

import static org.junit.jupiter.api.Assertions.fail;

import io.wsgate.gateway.interop.GatewayProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoublePredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fat jar started with a test's own configuration (short timeouts, small queues), and what
 * the fault tests read from outside: {@code /metrics} samples, waited for until they reach a value.
 */
final class FaultGateway implements AutoCloseable {

  private static final Duration POLL = Duration.ofMillis(100);
  private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})? (\\S+)$");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  final GatewayProcess process;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private FaultGateway(GatewayProcess process) {
    this.process = process;
  }

  /** Writes {@code yaml} to {@code target/faults/NAME.yaml} and starts the gateway with it on loopback. */
  static FaultGateway start(String name, String yaml) throws IOException {
    Path dir = Path.of("target", "faults");
    Files.createDirectories(dir);
    Path config = dir.resolve(name + ".yaml");
    Files.writeString(config, yaml, StandardCharsets.UTF_8);
    return new FaultGateway(GatewayProcess.start(name, List.of("--config", config.toAbsolutePath().toString()),
        Map.of()));
  }

  /** One sample in a scrape. */
  record Sample(String name, Map<String, String> labels, double value) {
  }

  /** Every sample of one {@code GET /metrics}. */
  List<Sample> scrape() {
    String text;
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(process.managementUri("/metrics"))
          .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new AssertionError("GET /metrics answered " + response.statusCode());
      }
      text = response.body();
    } catch (IOException e) {
      throw new AssertionError("GET /metrics failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    List<Sample> samples = new ArrayList<>();
    for (String line : text.split("\n")) {
      Matcher sample = SAMPLE.matcher(line);
      if (line.startsWith("#") || !sample.matches()) {
        continue;
      }
      Map<String, String> labels = new LinkedHashMap<>();
      if (sample.group(2) != null) {
        Matcher label = LABEL.matcher(sample.group(2));
        while (label.find()) {
          labels.put(label.group(1), label.group(2));
        }
      }
      samples.add(new Sample(sample.group(1), labels, Double.parseDouble(sample.group(3))));
    }
    return samples;
  }

  /** The sum of {@code name}'s samples whose labels include {@code labels} (name, value, ...); 0 if none. */
  double metric(String name, String... labels) {
    return sum(scrape(), name, labels);
  }

  static double sum(List<Sample> samples, String name, String... labels) {
    double sum = 0;
    for (Sample sample : samples) {
      if (sample.name().equals(name) && matches(sample.labels(), labels)) {
        sum += sample.value();
      }
    }
    return sum;
  }

  private static boolean matches(Map<String, String> have, String... wanted) {
    for (int i = 0; i + 1 < wanted.length; i += 2) {
      if (!wanted[i + 1].equals(have.get(wanted[i]))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Polls {@code name} (labels as in {@link #metric}) until {@code condition} holds; fails after
   * {@code timeout} with the last value. Returns that value.
   */
  double awaitMetric(String name, DoublePredicate condition, String expected, Duration timeout, String... labels) {
    long deadline = System.nanoTime() + timeout.toNanos();
    double value;
    while (true) {
      value = metric(name, labels);
      if (condition.test(value)) {
        return value;
      }
      if (System.nanoTime() >= deadline) {
        return fail(name + " " + String.join(",", labels) + " still " + value + " after " + timeout
            + ", expected " + expected);
      }
      pause(POLL);
    }
  }

  /** GET on the management port with the test API key; the body. */
  String api(String path) {
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(process.managementUri(path))
          .header("Authorization", "Bearer " + API_KEY).timeout(Duration.ofSeconds(10)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      return response.statusCode() + " " + response.body();
    } catch (IOException e) {
      throw new AssertionError("GET " + path + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The {@code api.key} the tests that use the publish API configure. */
  static final String API_KEY = "faults-test-key";

  URI ws(String path) {
    return process.wsUri(path);
  }

  int port() {
    return process.port();
  }

  static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() {
    process.stop();
  }
}
