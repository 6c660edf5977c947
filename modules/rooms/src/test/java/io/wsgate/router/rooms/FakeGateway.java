package io.wsgate.router.rooms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.wsgate.api.Action;
import io.wsgate.api.Addresses;
import io.wsgate.api.Codecs;
import io.wsgate.api.CommandBatch;
import io.wsgate.api.MessageBatch;
import io.wsgate.api.Event;
import io.wsgate.api.Headers;
import io.wsgate.api.LocalRequests;
import io.wsgate.api.MessageType;
import io.wsgate.api.PayloadCodec;
import io.wsgate.api.RouterConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Plays the gateway for {@link RoomsRouter} on the event bus, like the real one: it sends the
 * route's open and close events, each client message as a one-message {@link MessageBatch},
 * consumes its one event loop's address (command batches, and single send, close, join and leave
 * commands naming the connection) and {@code wsgate.group.<name>} (fan-out to members, honouring
 * the exclude header). Everything it does runs on one context, so a connection's events reach the
 * router in order, as from one gateway event loop.
 */
final class FakeGateway {

  static final String ROUTE = "rooms";
  /** Connection ids are {@code <LOOP>-<n>}, shaped like the gateway's. */
  private static final String LOOP = "fake-0";
  static final long WAIT_MS = 5_000;

  private final Vertx vertx;
  private final Context context;
  private final Map<String, Client> clients = new HashMap<>();
  private final Map<String, Set<Client>> groups = new HashMap<>();
  private final Map<String, MessageConsumer<Buffer>> groupConsumers = new HashMap<>();
  private final Map<String, AtomicInteger> publishes = new ConcurrentHashMap<>();
  private final List<Message<Buffer>> heldMemberships = new ArrayList<>();
  /** Join/leave requests are answered only by {@link #release()}. */
  private volatile boolean holdMemberships;
  /** Join requests are failed (404) as if the connection were closing. */
  private volatile boolean failJoins;
  private final AtomicInteger connectionIds = new AtomicInteger();

  private FakeGateway(Vertx vertx) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    onContext(() -> vertx.eventBus().localConsumer(Addresses.LOOP_PREFIX + LOOP, this::onCommand));
  }

  /** Like the gateway: a batch's commands in order, or one command naming its connection. */
  private void onCommand(Message<Object> command) {
    if (command.body() instanceof CommandBatch) {
      CommandBatch batch = (CommandBatch) command.body();
      for (int i = 0; i < batch.size(); i++) {
        Client client = clients.get(batch.connectionId(i));
        if (client != null) {
          client.onCommand(batch.action(i), batch.payload(i), batch.closeCode(i), batch.closeReason(i));
        }
      }
      return;
    }
    @SuppressWarnings("unchecked")
    Message<Buffer> single = (Message<Buffer>) (Message<?>) command;
    Client client = clients.get(command.headers().get(Headers.CONNECTION));
    if (client == null) {
      LocalRequests.fail(vertx.eventBus(), command, 404, "no such connection");
    } else {
      client.onCommand(single);
    }
  }

  /** Deploys the router on {@code vertx} and returns the gateway playing against it. */
  static FakeGateway start(Vertx vertx, RoomsRouter router) throws Exception {
    return start(vertx, router, new JsonObject());
  }

  /** Like {@link #start(Vertx, RoomsRouter)}, with the route's {@code options}. */
  static FakeGateway start(Vertx vertx, RoomsRouter router, JsonObject options) throws Exception {
    Codecs.register(vertx);
    JsonObject config = new RouterConfig(ROUTE, Addresses.route(ROUTE), options).toJson();
    vertx.deployVerticle(router, new DeploymentOptions().setConfig(config)).toCompletionStage()
        .toCompletableFuture().get(WAIT_MS, TimeUnit.MILLISECONDS);
    return new FakeGateway(vertx);
  }

  /** A client that connected with {@code ?user=NAME} and was registered by the router. */
  Client connect(String user) {
    Client client = open("user=" + user);
    // The router answers only after the user-group join: a rooms request proves it is ready.
    client.send(new JsonObject().put("op", "rooms").put("id", "ready"));
    assertEquals("rooms", client.next().getString("op"), "first reply of " + user);
    return client;
  }

  /**
   * A client on a route with auth, registered by the router: the open event carries
   * {@code wsgate-auth: required}, the token's {@code sub} and its claims.
   */
  Client connectWithToken(String user, JsonObject claims) {
    Client client = openWithToken(null, user, claims);
    client.send(new JsonObject().put("op", "rooms").put("id", "ready"));
    assertEquals("rooms", client.next().getString("op"), "first reply of " + user);
    return client;
  }

  /**
   * Opens a connection as the gateway does on a route with auth; {@code user} null = anonymous
   * (optional auth, no token), then {@code claims} is not sent either.
   */
  Client openWithToken(String query, String user, JsonObject claims) {
    Map<String, String> headers = new HashMap<>();
    headers.put(Headers.AUTH, user == null ? "optional" : "required");
    if (user != null) {
      headers.put(Headers.USER, user);
      headers.put(Headers.CLAIMS, claims.encode());
    }
    return open(query, headers);
  }

  /** Opens a connection with this raw query (null: none) without waiting for anything. */
  Client open(String query) {
    return open(query, Map.of());
  }

  private Client open(String query, Map<String, String> extraHeaders) {
    String id = LOOP + "-" + connectionIds.incrementAndGet();
    Client client = new Client(id);
    onContext(() -> {
      clients.put(id, client);
      DeliveryOptions open = event(Event.OPEN, id);
      if (query != null) {
        open.addHeader(Headers.QUERY, query);
      }
      open.addHeader(Headers.PATH, "/" + ROUTE);
      extraHeaders.forEach(open::addHeader);
      vertx.eventBus().send(Addresses.route(ROUTE), null, open);
      return null;
    });
    return client;
  }

  /** Group publishes seen so far for the group (one per fan-out, whatever the members). */
  int publishes(String group) {
    AtomicInteger count = publishes.get(group);
    return count == null ? 0 : count.get();
  }

  void holdMemberships(boolean hold) {
    holdMemberships = hold;
  }

  /** Waits until this many join/leave requests are held (the router's requests are asynchronous). */
  void awaitHeldMemberships(int count) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
    while (onContext(heldMemberships::size) < count) {
      assertTrue(System.nanoTime() < deadline, "fewer than " + count + " memberships held within " + WAIT_MS + " ms");
      Thread.onSpinWait();
    }
  }

  void failJoins(boolean fail) {
    failJoins = fail;
  }

  /** Answers every held join/leave with success, even for connections closed meanwhile. */
  void release() {
    onContext(() -> {
      holdMemberships = false;
      for (Message<Buffer> held : heldMemberships) {
        Client client = clients.get(held.headers().get(Headers.CONNECTION));
        if (client != null) {
          apply(client, held);
        }
        LocalRequests.reply(vertx.eventBus(), held, null);
      }
      heldMemberships.clear();
      return null;
    });
  }

  /** Members of a gateway group right now. */
  int members(String group) {
    return onContext(() -> groups.getOrDefault(group, Set.of()).size());
  }

  /** Asks the router on its API address. */
  JsonObject api(Object request) throws Exception {
    return vertx.eventBus().<JsonObject>request(Addresses.routeApi(ROUTE), request).toCompletionStage()
        .toCompletableFuture().get(WAIT_MS, TimeUnit.MILLISECONDS).body();
  }

  private static DeliveryOptions event(Event event, String connectionId) {
    return new DeliveryOptions().setCodecName(PayloadCodec.NAME).setLocalOnly(true)
        .addHeader(Headers.EVENT, event.wire()).addHeader(Headers.CONNECTION, connectionId)
        .addHeader(Headers.ROUTE, ROUTE).addHeader(Headers.NODE, "node1");
  }

  private <T> T onContext(Supplier<T> action) {
    CompletableFuture<T> done = new CompletableFuture<>();
    context.runOnContext(v -> {
      try {
        done.complete(action.get());
      } catch (Throwable e) {
        done.completeExceptionally(e);
      }
    });
    try {
      return done.get(WAIT_MS, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new AssertionError("fake gateway action failed", e);
    }
  }

  private void apply(Client client, Message<Buffer> membership) {
    String group = membership.headers().get(Headers.GROUP);
    if (Action.fromWire(membership.headers().get(Headers.ACTION)) == Action.JOIN) {
      Set<Client> members = groups.computeIfAbsent(group, name -> new LinkedHashSet<>());
      members.add(client);
      groupConsumers.computeIfAbsent(group, name ->
          vertx.eventBus().<Buffer>localConsumer(Addresses.group(name), published -> fanOut(name, published)));
    } else {
      removeFromGroup(client, group);
    }
  }

  private void removeFromGroup(Client client, String group) {
    Set<Client> members = groups.get(group);
    if (members != null && members.remove(client) && members.isEmpty()) {
      groups.remove(group);
      groupConsumers.remove(group).unregister();
    }
  }

  private void fanOut(String group, Message<Buffer> published) {
    publishes.computeIfAbsent(group, name -> new AtomicInteger()).incrementAndGet();
    assertEquals(MessageType.TEXT.wire(), published.headers().get(Headers.TYPE));
    String exclude = published.headers().get(Headers.EXCLUDE);
    JsonObject json = new JsonObject(published.body().toString());
    for (Client member : groups.getOrDefault(group, Set.of())) {
      if (!member.id.equals(exclude)) {
        member.inbox.add(json);
      }
    }
  }

  /** One connection as a client sees it: what it received, and how it was closed. */
  final class Client {
    final String id;
    final BlockingQueue<JsonObject> inbox = new LinkedBlockingQueue<>();
    final CompletableFuture<String> closedByRouter = new CompletableFuture<>();
    private boolean gone;

    private Client(String id) {
      this.id = id;
    }

    void send(JsonObject request) {
      sendText(request.encode());
    }

    void sendText(String text) {
      sendEvent(MessageType.TEXT, Buffer.buffer(text));
    }

    void sendBinary(byte[] bytes) {
      sendEvent(MessageType.BINARY, Buffer.buffer(bytes));
    }

    /** Asynchronous, but in order with everything else the test asks of this gateway. */
    private void sendEvent(MessageType type, Buffer payload) {
      context.runOnContext(v -> {
        if (!gone) {
          MessageBatch batch = new MessageBatch();
          batch.add(id, type, payload);
          vertx.eventBus().send(Addresses.route(ROUTE), batch, new DeliveryOptions().setLocalOnly(true));
        }
      });
    }

    /** The client goes away (Close or TCP loss): groups are left first, then the close event. */
    void disconnect(int code) {
      onContext(() -> {
        goAway(code);
        return null;
      });
    }

    /** The next message, waiting up to 5 s. */
    JsonObject next() {
      try {
        JsonObject next = inbox.poll(WAIT_MS, TimeUnit.MILLISECONDS);
        assertNotNull(next, id + ": nothing received within " + WAIT_MS + " ms");
        return next;
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }

    /** The next message, which must be an error with this code; returns it. */
    JsonObject nextError(ErrorCode code) {
      JsonObject error = next();
      assertEquals("error", error.getString("op"), () -> "expected error " + code.wire() + ", got " + error);
      assertEquals(code.wire(), error.getString("code"), () -> "got " + error);
      return error;
    }

    /** Asserts that nothing more arrives within {@code ms}. */
    void assertNothingWithin(long ms) {
      try {
        JsonObject next = inbox.poll(ms, TimeUnit.MILLISECONDS);
        assertNull(next, () -> id + " received " + next);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }

    /** The close reason the router asked for, with its code: "1008 reason". */
    String awaitClosedByRouter() {
      try {
        return closedByRouter.get(WAIT_MS, TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        return fail(id + " was not closed by the router: " + e);
      }
    }

    boolean isClosedByRouter() {
      return closedByRouter.isDone();
    }

    private void goAway(int code) {
      if (gone) {
        return;
      }
      gone = true;
      for (String group : new ArrayList<>(groups.keySet())) {
        removeFromGroup(this, group);
      }
      clients.remove(id);
      vertx.eventBus().send(Addresses.route(ROUTE), null,
          event(Event.CLOSE, id).addHeader(Headers.CLOSE_CODE, Integer.toString(code)));
    }

    /** A send or close out of a command batch. */
    private void onCommand(Action action, Buffer payload, int closeCode, String closeReason) {
      if (action == Action.TEXT) {
        inbox.add(new JsonObject(payload.toString()));
      } else if (action == Action.CLOSE) {
        closedBy(closeCode, closeReason.isEmpty() ? null : closeReason);
      } else {
        // Thrown here, an assertion would only be logged by Vert.x: the test reading the inbox sees it.
        inbox.add(new JsonObject().put("op", "unexpected-command").put("action", action.wire()));
      }
    }

    private void closedBy(int code, String reason) {
      closedByRouter.complete(code + " " + reason);
      // Like the gateway: the connection closes and the router gets its close event.
      goAway(code);
    }

    private void onCommand(Message<Buffer> command) {
      Action action = Action.fromWire(command.headers().get(Headers.ACTION));
      assertNotNull(action, "command without a known action");
      switch (action) {
        case TEXT:
          inbox.add(new JsonObject(command.body().toString()));
          break;
        case CLOSE:
          closedBy(Integer.parseInt(command.headers().get(Headers.CLOSE_CODE)), command.headers().get(Headers.CLOSE_REASON));
          break;
        case JOIN:
        case LEAVE:
          if (holdMemberships) {
            heldMemberships.add(command);
          } else if (action == Action.JOIN && failJoins) {
            LocalRequests.fail(vertx.eventBus(), command, 404, "connection is closing");
          } else {
            apply(this, command);
            LocalRequests.reply(vertx.eventBus(), command, null);
          }
          break;
        default:
          break;
      }
    }
  }
}
