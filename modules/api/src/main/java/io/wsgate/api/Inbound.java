package io.wsgate.api;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;

/**
 * A read-only view of one event the gateway sent to a router, so routers do not parse headers
 * by hand.
 */
public final class Inbound {

  private final Message<Buffer> message;

  private Inbound(Message<Buffer> message) {
    this.message = message;
  }

  public static Inbound of(Message<Buffer> message) {
    return new Inbound(message);
  }

  /** The event, or null when the header is missing or unknown (such a message is not from the gateway). */
  public Event event() {
    return Event.fromWire(message.headers().get(Headers.EVENT));
  }

  public String connectionId() {
    return message.headers().get(Headers.CONNECTION);
  }

  /** On open and close (not on each message: the router knows its route from its config). */
  public String route() {
    return message.headers().get(Headers.ROUTE);
  }

  /** On open and close: the node holding the connection. */
  public String node() {
    return message.headers().get(Headers.NODE);
  }

  /** On {@link Event#MESSAGE}: text or binary. */
  public MessageType type() {
    return MessageType.fromWire(message.headers().get(Headers.TYPE));
  }

  /** On {@link Event#MESSAGE}: the payload (read-only). Empty for other events. */
  public Buffer payload() {
    Buffer body = message.body();
    return body == null ? Buffer.buffer() : body;
  }

  /** On {@link Event#CLOSE}: the close code, or 1006 when the header is missing. */
  public int closeCode() {
    String code = message.headers().get(Headers.CLOSE_CODE);
    return code == null ? 1006 : Integer.parseInt(code);
  }

  public String header(String name) {
    return message.headers().get(name);
  }

  public MultiMap headers() {
    return message.headers();
  }

  public Message<Buffer> message() {
    return message;
  }
}
