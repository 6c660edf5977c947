package io.wsgate.api;

import io.vertx.core.buffer.Buffer;
import java.util.Arrays;

/**
 * The body of a {@code messages} event: the complete messages one event loop of the gateway
 * received for one route during one turn, in arrival order. One event-bus delivery carries them
 * all, so a client that pipelines, or many clients served by the same turn, cost the router one
 * delivery rather than one per message. Routers read it through {@link Inbound#each}.
 *
 * <p>Passed by reference within the node ({@link LocalCodec}); it never crosses the network
 * (route addresses are node-local). The gateway does not touch a batch once it is sent; treat it
 * and its payloads as read-only.
 */
public final class MessageBatch {

  private static final int INITIAL_CAPACITY = 8;

  private String[] connectionIds;
  private MessageType[] types;
  private Buffer[] payloads;
  private int size;
  private long bytes;

  public MessageBatch() {
    this(INITIAL_CAPACITY);
  }

  /** @param capacity how many messages it is expected to hold (it grows past that) */
  public MessageBatch(int capacity) {
    int initial = Math.max(INITIAL_CAPACITY, capacity);
    connectionIds = new String[initial];
    types = new MessageType[initial];
    payloads = new Buffer[initial];
  }

  /** Appends one message (the gateway's side). */
  public void add(String connectionId, MessageType type, Buffer payload) {
    if (size == connectionIds.length) {
      int capacity = size * 2;
      connectionIds = Arrays.copyOf(connectionIds, capacity);
      types = Arrays.copyOf(types, capacity);
      payloads = Arrays.copyOf(payloads, capacity);
    }
    connectionIds[size] = connectionId;
    types[size] = type;
    payloads[size] = payload;
    size++;
    bytes += payload.length();
  }

  public int size() {
    return size;
  }

  /** The payload bytes of every message in the batch. */
  public long bytes() {
    return bytes;
  }

  public String connectionId(int index) {
    return connectionIds[check(index)];
  }

  public MessageType type(int index) {
    return types[check(index)];
  }

  public Buffer payload(int index) {
    return payloads[check(index)];
  }

  private int check(int index) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException("index " + index + ", size " + size);
    }
    return index;
  }
}
