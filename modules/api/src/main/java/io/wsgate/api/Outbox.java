package io.wsgate.api;

import io.netty.util.concurrent.FastThreadLocal;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.buffer.Buffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * While a router handles a {@link MessageBatch} ({@link Inbound#each}), the sends and closes it
 * makes through {@link Connections} are gathered here, one {@link CommandBatch} per gateway event
 * loop, and sent when the batch is done: one delivery per event loop instead of one per message.
 *
 * <p>Order is kept: commands to one event loop stay in the order they were made, and anything
 * else the router sends through the contract's helpers (a join, a leave, a group publish) first
 * sends what is gathered here. One per thread: a router handles its events on one thread.
 */
final class Outbox {

  /** A batch is sent early once it holds this many commands, so one turn never holds too much. */
  static final int MAX_COMMANDS = 1024;

  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);
  /** Netty's: an indexed slot on event-loop threads, cheaper than a ThreadLocal on every send. */
  private static final FastThreadLocal<Outbox> CURRENT = new FastThreadLocal<>() {
    @Override
    protected Outbox initialValue() {
      return new Outbox();
    }
  };

  /** Batches by the connection-id prefix that names their event loop. */
  private final Map<String, CommandBatch> batches = new LinkedHashMap<>();
  private EventBus eventBus;
  private int depth;
  /** The last prefix used and its batch: consecutive commands usually go to the same loop. */
  private String lastPrefix;
  private CommandBatch lastBatch;
  /** The size of the last batch sent, so the next one starts large enough. */
  private int lastSize;

  private Outbox() {
  }

  /** Starts gathering on this thread (calls nest: gathering ends with the outermost). */
  static Outbox enter() {
    Outbox outbox = CURRENT.get();
    outbox.depth++;
    return outbox;
  }

  /** Ends one {@link #enter}; the outermost sends what was gathered. */
  void exit() {
    if (--depth == 0) {
      flush();
    }
  }

  /** This thread's outbox while gathering, or null. */
  static Outbox active() {
    Outbox outbox = CURRENT.get();
    return outbox.depth > 0 ? outbox : null;
  }

  /** Sends what this thread has gathered, if anything: before a command that must follow it. */
  static void flushActive() {
    Outbox outbox = active();
    if (outbox != null) {
      outbox.flush();
    }
  }

  /** Gathers a send. */
  void send(EventBus bus, String connectionId, MessageType type, Buffer payload) {
    CommandBatch batch = batchFor(bus, connectionId);
    batch.send(connectionId, type, payload);
    sendIfFull(batch);
  }

  /** Gathers a close. */
  void close(EventBus bus, String connectionId, int code, String reason) {
    CommandBatch batch = batchFor(bus, connectionId);
    batch.close(connectionId, code, reason);
    sendIfFull(batch);
  }

  private CommandBatch batchFor(EventBus bus, String connectionId) {
    int dash = Addresses.loopPrefixLength(connectionId);
    if (dash < 0) {
      throw new IllegalArgumentException("not a connection id of the gateway: " + connectionId);
    }
    eventBus = bus; // a router's thread belongs to one Vert.x: always the same bus
    if (lastBatch != null && lastPrefix.length() == dash && connectionId.startsWith(lastPrefix)) {
      return lastBatch;
    }
    String prefix = connectionId.substring(0, dash);
    CommandBatch batch = batches.get(prefix);
    if (batch == null) {
      batch = new CommandBatch(Math.min(lastSize, MAX_COMMANDS));
      batches.put(prefix, batch);
    }
    lastPrefix = prefix;
    lastBatch = batch;
    return batch;
  }

  private void sendIfFull(CommandBatch batch) {
    if (batch.size() >= MAX_COMMANDS) {
      flush();
    }
  }

  void flush() {
    if (batches.isEmpty()) {
      return;
    }
    for (Map.Entry<String, CommandBatch> entry : batches.entrySet()) {
      lastSize = entry.getValue().size();
      eventBus.send(Addresses.LOOP_PREFIX + entry.getKey(), entry.getValue(), LOCAL);
    }
    batches.clear();
    lastPrefix = null;
    lastBatch = null;
  }
}
