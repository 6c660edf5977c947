package io.wsgate.bench.loadgen.metrics;

import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Everything that makes a run invalid, counted by kind, with the first detail of each kind kept
 * for the report (a count alone does not say what broke). Thread-safe.
 */
public final class ErrorCounters {

  /** Kinds of error; the JSON keys are the lowercase names. */
  public enum Kind {
    /** TCP connect failed or timed out. */
    CONNECT,
    /** The server did not answer 101 with a correct Sec-WebSocket-Accept. */
    HANDSHAKE,
    /** The server broke RFC 6455 framing. */
    PROTOCOL,
    /** A payload came back different, of the wrong type, out of order or twice. */
    VERIFY,
    /** The server closed (or TCP ended) while the run still used the connection. */
    UNEXPECTED_CLOSE,
    /** The server answered with an error at the application level (rooms {@code op:error}). */
    SERVER_ERROR,
    /**
     * After a {@code soak}: the server's live heap grew over the steady phase, or its open files
     * did not return to where they were before the connections.
     */
    LEAK
  }

  private final LongAdder[] counts = new LongAdder[Kind.values().length];
  private final AtomicReference<String>[] first;

  @SuppressWarnings("unchecked")
  public ErrorCounters() {
    first = new AtomicReference[Kind.values().length];
    for (Kind kind : Kind.values()) {
      counts[kind.ordinal()] = new LongAdder();
      first[kind.ordinal()] = new AtomicReference<>();
    }
  }

  public void add(Kind kind, String detail) {
    add(kind, 1, detail);
  }

  public void add(Kind kind, long count, String detail) {
    counts[kind.ordinal()].add(count);
    first[kind.ordinal()].compareAndSet(null, detail);
  }

  public long count(Kind kind) {
    return counts[kind.ordinal()].sum();
  }

  public long total() {
    long sum = 0;
    for (LongAdder count : counts) {
      sum += count.sum();
    }
    return sum;
  }

  /** {@code {"connect":0,...,"firstErrors":{"verify":"..."}}} */
  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    JsonObject details = new JsonObject();
    for (Kind kind : Kind.values()) {
      String key = key(kind);
      json.put(key, count(kind));
      String detail = first[kind.ordinal()].get();
      if (detail != null) {
        details.put(key, detail);
      }
    }
    if (!details.isEmpty()) {
      json.put("firstErrors", details);
    }
    return json;
  }

  private static String key(Kind kind) {
    String[] words = kind.name().toLowerCase(java.util.Locale.ROOT).split("_");
    StringBuilder key = new StringBuilder(words[0]);
    for (int i = 1; i < words.length; i++) {
      key.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
    }
    return key.toString();
  }
}
