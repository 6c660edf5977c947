package io.wsgate.gateway.server;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.wsgate.api.MessageBatch;
import io.wsgate.api.MessageType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * Gathers the messages one event loop decodes during a turn into one {@link MessageBatch} per
 * route, sent to the route's address by a task that runs after the turn's reads: one event-bus
 * delivery for what many clients, or one pipelining client, sent meanwhile. An event-bus delivery
 * was itself a task on the same loop, so waiting for the end of the turn adds no latency.
 *
 * <p>Per-route order is the arrival order: anything else sent to a route address (open, close,
 * a barrier, a probe) first sends that route's pending batch ({@link Queue#flush}).
 */
final class RouteBatcher {

  /** A batch is sent early at this many messages or bytes, so one delivery never holds too much. */
  static final int MAX_MESSAGES = 1024;
  static final long MAX_BYTES = 1 << 20;

  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);

  private final EventBus eventBus;
  private final Executor eventLoop;
  private final Runnable flushTask = this::flushAll;
  private final Map<String, Queue> queues = new HashMap<>();
  /** Queues holding messages, in the order they got their first one this turn. */
  private final List<Queue> pending = new ArrayList<>();
  private boolean scheduled;

  RouteBatcher(EventBus eventBus, Executor eventLoop) {
    this.eventBus = eventBus;
    this.eventLoop = eventLoop;
  }

  /** The queue of one route on this loop; a connection keeps it, so adding needs no lookup. */
  Queue queue(String routeAddress) {
    return queues.computeIfAbsent(routeAddress, Queue::new);
  }

  private void flushAll() {
    scheduled = false;
    for (Queue queue : pending) {
      queue.send();
    }
    pending.clear();
  }

  /** One route's pending messages on this loop. */
  final class Queue {

    private final String address;
    private MessageBatch batch;
    /** The size of the last batch sent, so the next one starts large enough. */
    private int lastSize;

    private Queue(String address) {
      this.address = address;
    }

    void add(String connectionId, MessageType type, Buffer payload) {
      if (batch == null) {
        batch = new MessageBatch(Math.min(lastSize, MAX_MESSAGES));
        pending.add(this);
        if (!scheduled) {
          scheduled = true;
          eventLoop.execute(flushTask);
        }
      }
      batch.add(connectionId, type, payload);
      if (batch.size() >= MAX_MESSAGES || batch.bytes() >= MAX_BYTES) {
        send(); // stays in the pending list: sending an empty queue is a no-op
      }
    }

    /** Sends the pending messages now: before another event to the same route. */
    void flush() {
      send();
    }

    private void send() {
      if (batch != null) {
        MessageBatch out = batch;
        batch = null;
        lastSize = out.size();
        eventBus.send(address, out, LOCAL);
      }
    }
  }
}
