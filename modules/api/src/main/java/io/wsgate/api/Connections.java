package io.wsgate.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import java.nio.charset.StandardCharsets;

/**
 * Writes to connections through the contract: commands go to the address of the gateway event
 * loop that holds the connection ({@link Addresses#connection}). Requires {@link Codecs#register}
 * on the event bus.
 *
 * <p>Sends and closes made while the router handles a batch of messages ({@link Inbound#each})
 * are gathered and leave, when the batch is done, as one {@link CommandBatch} per gateway event
 * loop; at other times each is one delivery that names its connection in
 * {@link Headers#CONNECTION}. Either way each connection gets its commands in the order they were
 * made, and a join, a leave or a {@link Groups} publish first lets out what was gathered.
 */
public final class Connections {

  /** How long a join or leave waits for the gateway (it answers at once unless the node is overloaded). */
  private static final long MEMBERSHIP_TIMEOUT_MS = 30_000;

  private final EventBus eventBus;
  private final LocalRequests requests;

  /**
   * For a router's context ({@code new Connections(vertx)} in {@code start()}): join and leave
   * go through {@link LocalRequests}, which registers nothing per request, so they cost the
   * cluster nothing in cluster mode.
   */
  public Connections(Vertx vertx) {
    this.eventBus = vertx.eventBus();
    this.requests = LocalRequests.of(vertx);
  }

  /**
   * Join and leave use Vert.x's {@code request}: fine on a single node; in a cluster each one
   * registers a reply address cluster-wide. Prefer {@link #Connections(Vertx)}.
   */
  public Connections(EventBus eventBus) {
    this.eventBus = eventBus;
    this.requests = null;
  }

  /** Sends one message of the given type; the payload must not be changed afterwards. */
  public void send(String connectionId, MessageType type, Buffer payload) {
    Outbox outbox = Outbox.active();
    if (outbox != null) {
      outbox.send(eventBus, connectionId, type, payload);
      return;
    }
    DeliveryOptions options = command(connectionId, type == MessageType.TEXT ? Action.TEXT : Action.BINARY)
        .setCodecName(PayloadCodec.NAME);
    eventBus.send(Addresses.connection(connectionId), payload, options);
  }

  /** A command for one connection: to its event loop's address, naming it in a header. */
  private static DeliveryOptions command(String connectionId, Action action) {
    return new DeliveryOptions()
        .setLocalOnly(true)
        .addHeader(Headers.CONNECTION, connectionId)
        .addHeader(Headers.ACTION, action.wire());
  }

  /** Sends one text message. */
  public void sendText(String connectionId, String text) {
    send(connectionId, MessageType.TEXT, Buffer.buffer(text.getBytes(StandardCharsets.UTF_8)));
  }

  /** Sends one binary message. */
  public void sendBinary(String connectionId, Buffer payload) {
    send(connectionId, MessageType.BINARY, payload);
  }

  /**
   * Adds the connection to a group. The future completes once the gateway has registered the
   * membership, so a {@link Groups#publish} made after that reaches the connection; it fails when
   * the connection no longer exists.
   */
  public Future<Void> join(String connectionId, String group) {
    return membership(connectionId, Action.JOIN, group);
  }

  /** Removes the connection from a group (a no-op if it was not a member). */
  public Future<Void> leave(String connectionId, String group) {
    return membership(connectionId, Action.LEAVE, group);
  }

  private Future<Void> membership(String connectionId, Action action, String group) {
    Outbox.flushActive();
    DeliveryOptions options = command(connectionId, action).addHeader(Headers.GROUP, group);
    if (requests != null) {
      return requests.request(Addresses.connection(connectionId), null, options, MEMBERSHIP_TIMEOUT_MS).mapEmpty();
    }
    return eventBus.request(Addresses.connection(connectionId), null, options).mapEmpty();
  }

  /**
   * Starts the close handshake. The gateway sends Close with this code and reason (the reason is
   * cut to 123 UTF-8 bytes) and ignores anything sent to the connection afterwards.
   */
  public void close(String connectionId, int code, String reason) {
    Outbox outbox = Outbox.active();
    if (outbox != null) {
      outbox.close(eventBus, connectionId, code, reason);
      return;
    }
    DeliveryOptions options = command(connectionId, Action.CLOSE)
        .addHeader(Headers.CLOSE_CODE, Integer.toString(code));
    if (reason != null && !reason.isEmpty()) {
      options.addHeader(Headers.CLOSE_REASON, reason);
    }
    eventBus.send(Addresses.connection(connectionId), null, options);
  }
}
