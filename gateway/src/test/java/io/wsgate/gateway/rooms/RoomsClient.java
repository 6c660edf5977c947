package io.wsgate.gateway.rooms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A rooms client on the JDK's {@code java.net.http.WebSocket}: sends JSON requests, collects
 * every text message (parts joined until {@code last}) as a JsonObject, records the server's Close.
 */
public final class RoomsClient implements WebSocket.Listener, AutoCloseable {

  static final Duration WAIT = Duration.ofSeconds(10);

  /** The server's Close. */
  public record Closed(int code, String reason) {
  }

  final String user;
  final BlockingQueue<JsonObject> inbox = new LinkedBlockingQueue<>();
  final CompletableFuture<Closed> closed = new CompletableFuture<>();
  private final StringBuilder text = new StringBuilder();
  private WebSocket ws;

  private RoomsClient(String user) {
    this.user = user;
  }

  /** Connects to {@code base}/rooms with {@code ?query}; completes once the handshake is done. */
  static CompletableFuture<RoomsClient> connect(HttpClient http, URI rooms, String user, String query) {
    RoomsClient client = new RoomsClient(user);
    URI uri = URI.create(rooms + (query == null ? "" : "?" + query));
    return http.newWebSocketBuilder().connectTimeout(WAIT).buildAsync(uri, client).thenApply(ws -> {
      client.ws = ws;
      return client;
    });
  }

  /**
   * Connects to {@code uri} (query included) sending extra request headers, given as name, value,
   * name, value... (for example Authorization or Origin); {@code label} names it in failures.
   */
  static CompletableFuture<RoomsClient> connectWithHeaders(HttpClient http, URI uri, String label, String... headers) {
    RoomsClient client = new RoomsClient(label);
    WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(WAIT);
    for (int i = 0; i + 1 < headers.length; i += 2) {
      builder.header(headers[i], headers[i + 1]);
    }
    return builder.buildAsync(uri, client).thenApply(ws -> {
      client.ws = ws;
      return client;
    });
  }

  public static RoomsClient connect(HttpClient http, URI rooms, String user) {
    return await(connect(http, rooms, user, "user=" + user), "connecting " + user);
  }

  /** Sends one request and waits until it is handed to the socket (the JDK allows one send at a time). */
  public void send(JsonObject request) {
    sendText(request.encode());
  }

  synchronized void sendText(String message) {
    await(ws.sendText(message, true), "sending as " + user);
  }

  synchronized void sendBinary(byte[] bytes) {
    await(ws.sendBinary(ByteBuffer.wrap(bytes), true), "sending binary as " + user);
  }

  /** The next message, waiting up to 10 s. */
  public JsonObject next() {
    try {
      JsonObject next = inbox.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      if (next == null) {
        fail(user + ": nothing received within " + WAIT + (closed.isDone() ? " (closed: " + closed.getNow(null) + ")" : ""));
      }
      return next;
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  /** Joins a room and waits for the {@code joined} answer, skipping other messages. */
  public void join(String room) {
    send(new JsonObject().put("op", "join").put("room", room));
    next(m -> "joined".equals(m.getString("op")) && room.equals(m.getString("room")), "joined " + room);
  }

  /** The first message matching {@code wanted}, skipping others (presence events and the like). */
  public JsonObject next(java.util.function.Predicate<JsonObject> wanted, String what) {
    java.util.List<JsonObject> skipped = new java.util.ArrayList<>();
    long deadline = System.nanoTime() + WAIT.toNanos();
    try {
      while (System.nanoTime() < deadline) {
        JsonObject message = inbox.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        if (message != null && wanted.test(message)) {
          return message;
        }
        if (message != null) {
          skipped.add(message);
        }
      }
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
    return fail(user + ": no " + what + " within " + WAIT + "; received meanwhile: " + skipped);
  }

  /** The next message, which must have this op. */
  public JsonObject next(String op) {
    JsonObject next = next();
    assertEquals(op, next.getString("op"), () -> user + " got " + next);
    return next;
  }

  /** The next message, which must be an error with this code. */
  JsonObject nextError(String code) {
    JsonObject error = next("error");
    assertEquals(code, error.getString("code"), () -> user + " got " + error);
    return error;
  }

  /** Asserts nothing arrives within {@code ms}. */
  void assertNothingWithin(long ms) {
    try {
      JsonObject next = inbox.poll(ms, TimeUnit.MILLISECONDS);
      if (next != null) {
        fail(user + " received " + next);
      }
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  /** True once the connection is gone: a Close arrived, or TCP failed. */
  public boolean isClosed() {
    return closed.isDone();
  }

  public String user() {
    return user;
  }

  public Closed awaitClosed() {
    return await(closed, user + " waiting for the server's Close");
  }

  /** Drops TCP without a Close: the gateway reports 1006 to the router. */
  void abort() {
    ws.abort();
  }

  @Override
  public void close() {
    if (ws != null && !ws.isOutputClosed()) {
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally(e -> null);
    }
  }

  @Override
  public void onOpen(WebSocket webSocket) {
    webSocket.request(1);
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    text.append(data);
    if (last) {
      inbox.add(new JsonObject(text.toString()));
      text.setLength(0);
    }
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
    inbox.add(new JsonObject().put("op", "unexpected-binary"));
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    closed.complete(new Closed(statusCode, reason));
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    closed.completeExceptionally(error);
  }

  static <T> T await(CompletableFuture<T> future, String what) {
    try {
      return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new AssertionError(what + " failed: " + e, e);
    }
  }
}
