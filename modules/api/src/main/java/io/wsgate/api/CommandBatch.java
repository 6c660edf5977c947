package io.wsgate.api;

import io.vertx.core.buffer.Buffer;
import java.util.Arrays;

/**
 * Commands for connections that live on one event loop of the gateway, in the order a router
 * made them: sends and closes. One event-bus delivery to {@link Addresses#loop} carries them all.
 * {@link Connections} builds these while a router handles a {@link MessageBatch}
 * ({@link Inbound#each}); routers do not need to make them by hand.
 *
 * <p>Passed by reference within the node ({@link LocalCodec}), never across the network.
 */
public final class CommandBatch {

  private static final int INITIAL_CAPACITY = 8;

  private String[] connectionIds;
  private Action[] actions;
  private Buffer[] payloads;
  /** With {@link Action#CLOSE}: the code; 0 otherwise. */
  private int[] closeCodes;
  private int size;

  public CommandBatch() {
    this(INITIAL_CAPACITY);
  }

  /** @param capacity how many commands it is expected to hold (it grows past that) */
  public CommandBatch(int capacity) {
    int initial = Math.max(INITIAL_CAPACITY, capacity);
    connectionIds = new String[initial];
    actions = new Action[initial];
    payloads = new Buffer[initial];
    closeCodes = new int[initial];
  }

  /** Appends a send of one message ({@link Action#TEXT} or {@link Action#BINARY}). */
  public void send(String connectionId, MessageType type, Buffer payload) {
    add(connectionId, type == MessageType.TEXT ? Action.TEXT : Action.BINARY, payload, 0);
  }

  /** Appends a close; the reason travels as UTF-8 in the payload slot. */
  public void close(String connectionId, int code, String reason) {
    add(connectionId, Action.CLOSE, reason == null || reason.isEmpty() ? null : Buffer.buffer(reason), code);
  }

  private void add(String connectionId, Action action, Buffer payload, int closeCode) {
    if (size == connectionIds.length) {
      int capacity = size * 2;
      connectionIds = Arrays.copyOf(connectionIds, capacity);
      actions = Arrays.copyOf(actions, capacity);
      payloads = Arrays.copyOf(payloads, capacity);
      closeCodes = Arrays.copyOf(closeCodes, capacity);
    }
    connectionIds[size] = connectionId;
    actions[size] = action;
    payloads[size] = payload;
    closeCodes[size] = closeCode;
    size++;
  }

  public int size() {
    return size;
  }

  public String connectionId(int index) {
    return connectionIds[check(index)];
  }

  /** {@link Action#TEXT}, {@link Action#BINARY} or {@link Action#CLOSE}. */
  public Action action(int index) {
    return actions[check(index)];
  }

  /** For a send: the payload. For a close: null. */
  public Buffer payload(int index) {
    check(index);
    return actions[index] == Action.CLOSE ? null : payloads[index];
  }

  /** For a close: the code the router asked for. */
  public int closeCode(int index) {
    return closeCodes[check(index)];
  }

  /** For a close: the reason, empty if none. */
  public String closeReason(int index) {
    check(index);
    Buffer reason = actions[index] == Action.CLOSE ? payloads[index] : null;
    return reason == null ? "" : reason.toString();
  }

  private int check(int index) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException("index " + index + ", size " + size);
    }
    return index;
  }
}
