package io.wsgate.bench.loadgen.metrics;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The gateway's own figures, from its Prometheus endpoint ({@code GET /metrics} on the
 * management port): open files, heap pools, open connections. Only the gateway has one, so only
 * modes meant for it ({@code soak}) use this.
 */
public final class ServerMetrics {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final URI uri;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

  public ServerMetrics(String host, int managementPort) {
    this.uri = URI.create("http://" + host + ":" + managementPort + "/metrics");
  }

  /** One scrape. */
  public Scrape scrape() {
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("GET " + uri + " answered " + response.statusCode());
      }
      return new Scrape(response.body());
    } catch (IOException e) {
      throw new IllegalStateException("GET " + uri + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading " + uri, e);
    }
  }

  /** The text exposition of one scrape. */
  public static final class Scrape {
    private final String[] lines;

    Scrape(String text) {
      this.lines = text.split("\n");
    }

    /**
     * The sum of the samples of {@code name} whose label block contains every one of
     * {@code labels} (each written as in the exposition, e.g. {@code area="heap"}); 0 if none.
     */
    public double sum(String name, String... labels) {
      double sum = 0;
      for (String line : lines) {
        if (!line.startsWith(name) || line.length() == name.length()) {
          continue;
        }
        char next = line.charAt(name.length());
        if (next != '{' && next != ' ') {
          continue; // another metric whose name starts with this one
        }
        int space = line.lastIndexOf(' ');
        String labelBlock = line.substring(name.length(), space);
        boolean all = true;
        for (String label : labels) {
          all &= labelBlock.contains(label);
        }
        if (all) {
          sum += Double.parseDouble(line.substring(space + 1));
        }
      }
      return sum;
    }
  }
}
