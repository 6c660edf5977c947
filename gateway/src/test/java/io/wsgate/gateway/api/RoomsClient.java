package io.wsgate.gateway.api;

import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A JDK WebSocket client speaking the rooms protocol (JSON text frames), for tests. */
final class RoomsClient implements AutoCloseable {

  private static final Duration WAIT = Duration.ofSeconds(10);

  private final BlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
  private final WebSocket socket;

  private RoomsClient(HttpClient http, URI uri) throws Exception {
    socket = http.newWebSocketBuilder().connectTimeout(WAIT).buildAsync(uri, new Listener())
        .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Connects to {@code <rooms route>?user=NAME}. */
  static RoomsClient connect(HttpClient http, URI roomsRoute, String user) throws Exception {
    return new RoomsClient(http, URI.create(roomsRoute + "?user=" + user));
  }

  void send(JsonObject message) throws Exception {
    socket.sendText(message.encode(), true).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Joins a room and waits for the {@code joined} answer. */
  void join(String room) throws Exception {
    send(new JsonObject().put("op", "join").put("room", room));
    next(m -> "joined".equals(m.getString("op")) && room.equals(m.getString("room")), "joined " + room);
  }

  /** The first message matching {@code wanted}, skipping others (presence events and the like). */
  JsonObject next(Predicate<JsonObject> wanted, String what) throws InterruptedException {
    List<JsonObject> skipped = new ArrayList<>();
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      JsonObject message = received.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (message != null && wanted.test(message)) {
        return message;
      }
      if (message != null) {
        skipped.add(message);
      }
    }
    return fail("no " + what + " within " + WAIT + "; received meanwhile: " + skipped);
  }

  @Override
  public void close() {
    socket.abort();
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder text = new StringBuilder();

    @Override
    public void onOpen(WebSocket webSocket) {
      webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        received.add(new JsonObject(text.toString()));
        text.setLength(0);
      }
      webSocket.request(1);
      return null;
    }
  }
}
