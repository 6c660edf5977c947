package io.wsgate.api;

import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import java.util.function.Consumer;

/**
 * A read-only view of one event the gateway sent to a router, so routers do not parse headers
 * by hand. Read a route's deliveries with {@link #each}: it unpacks a {@link MessageBatch} into
 * one {@link Event#MESSAGE} view per message.
 */
public final class Inbound {

  private final Message<?> message;
  /** For a message out of a batch: its place in the batch; -1 for an event of its own. */
  private final MessageBatch batch;
  private final int index;

  private Inbound(Message<?> message, MessageBatch batch, int index) {
    this.message = message;
    this.batch = batch;
    this.index = index;
  }

  /**
   * Calls {@code handler} once per event in one delivery to a route's address: once per message
   * of a {@link MessageBatch}, in order, or once for any other event. While it runs, sends and
   * closes made through {@link Connections} are gathered and leave as one delivery per gateway
   * event loop when it returns (see {@link Connections#send}); on a virtual-thread context, which
   * may run another delivery while the handler awaits, they are sent one by one instead. A
   * handler that throws for one message does not stop the others: the first exception is
   * rethrown once all were handled.
   */
  public static void each(Message<?> message, Consumer<Inbound> handler) {
    Object body = message.body();
    if (!(body instanceof MessageBatch)) {
      handler.accept(new Inbound(message, null, -1));
      return;
    }
    MessageBatch batch = (MessageBatch) body;
    // A virtual-thread router may await inside its handler, and Vert.x then runs its next
    // delivery: commands held until the end of this batch would go out after the next one's.
    Context context = Vertx.currentContext();
    Outbox outbox = context != null && context.threadingModel() == ThreadingModel.VIRTUAL_THREAD ? null : Outbox.enter();
    Throwable failure = null;
    try {
      for (int i = 0; i < batch.size(); i++) {
        try {
          handler.accept(new Inbound(message, batch, i));
        } catch (VirtualMachineError fatal) {
          throw fatal;
        } catch (RuntimeException | Error e) {
          // One message's failure must not cost the others of the batch (other clients' among
          // them) their turn: the rest are handled, then the failure goes to Vert.x as before.
          if (failure == null) {
            failure = e;
          } else {
            failure.addSuppressed(e);
          }
        }
      }
    } finally {
      if (outbox != null) {
        outbox.exit();
      }
    }
    if (failure instanceof RuntimeException) {
      throw (RuntimeException) failure;
    } else if (failure != null) {
      throw (Error) failure;
    }
  }

  /**
   * A view of a delivery that holds one event (open, close, control, or a single message).
   *
   * @throws IllegalArgumentException for a {@link MessageBatch}: use {@link #each}
   */
  public static Inbound of(Message<?> message) {
    if (message.body() instanceof MessageBatch) {
      throw new IllegalArgumentException("a batch of messages: read it with Inbound.each");
    }
    return new Inbound(message, null, -1);
  }

  /** The event, or null when the header is missing or unknown (such a message is not from the gateway). */
  public Event event() {
    return batch != null ? Event.MESSAGE : Event.fromWire(message.headers().get(Headers.EVENT));
  }

  public String connectionId() {
    return batch != null ? batch.connectionId(index) : message.headers().get(Headers.CONNECTION);
  }

  /** On open and close (not on each message: the router knows its route from its config). */
  public String route() {
    return batch != null ? null : message.headers().get(Headers.ROUTE);
  }

  /** On open and close: the node holding the connection. */
  public String node() {
    return batch != null ? null : message.headers().get(Headers.NODE);
  }

  /** On {@link Event#MESSAGE}: text or binary. */
  public MessageType type() {
    return batch != null ? batch.type(index) : MessageType.fromWire(message.headers().get(Headers.TYPE));
  }

  /** On {@link Event#MESSAGE}: the payload (read-only). Empty for other events. */
  public Buffer payload() {
    if (batch != null) {
      return batch.payload(index);
    }
    Object body = message.body();
    return body instanceof Buffer ? (Buffer) body : Buffer.buffer();
  }

  /** On {@link Event#CLOSE}: the close code, or 1006 when the header is missing. */
  public int closeCode() {
    String code = header(Headers.CLOSE_CODE);
    return code == null ? 1006 : Integer.parseInt(code);
  }

  /** A header of the event; null for a message out of a batch (those carry none). */
  public String header(String name) {
    return batch != null ? null : message.headers().get(name);
  }

  /** The event's headers; empty for a message out of a batch. */
  public MultiMap headers() {
    return batch != null ? MultiMap.caseInsensitiveMultiMap() : message.headers();
  }

  /** The event-bus message this view reads: for a message out of a batch, the whole batch's. */
  public Message<?> message() {
    return message;
  }
}
