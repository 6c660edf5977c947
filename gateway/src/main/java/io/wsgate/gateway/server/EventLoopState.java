package io.wsgate.gateway.server;

import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.wsgate.api.Addresses;
import io.vertx.core.buffer.Buffer;
import io.wsgate.api.CommandBatch;
import io.wsgate.api.Headers;
import io.wsgate.api.LocalRequests;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * What the connections of one event loop (one {@link WebSocketServerVerticle}) share: their id
 * prefix, the open connections by id, the groups, the route batcher, and the one consumer of the
 * loop's address {@code wsgate.loop.<node>-<loop>}, where every command for its connections
 * arrives: {@link CommandBatch}es, and single commands that name the connection in a header. One
 * registration per event loop, none per connection. Used on that loop's thread only.
 */
final class EventLoopState {

  /** {@code <node>-<loop>}: every connection id of this loop starts with it. */
  private final String prefix;
  private final Map<String, Connection> open = new HashMap<>();
  private final GroupRegistry groups;
  private final RouteBatcher batcher;
  private final EventBus eventBus;
  private long sequence;

  EventLoopState(String prefix, GroupRegistry groups, EventBus eventBus, Executor eventLoop) {
    this.prefix = prefix;
    this.groups = groups;
    this.eventBus = eventBus;
    this.batcher = new RouteBatcher(eventBus, eventLoop);
  }

  /** Starts taking commands; call on the loop's context. */
  MessageConsumer<Object> listen() {
    return eventBus.localConsumer(Addresses.LOOP_PREFIX + prefix, this::onCommand);
  }

  /** {@code <node>-<loop>-<sequence>}: {@link Addresses#loop} finds this loop from it. */
  String nextConnectionId() {
    return prefix + "-" + Long.toString(++sequence, 36);
  }

  GroupRegistry groups() {
    return groups;
  }

  RouteBatcher batcher() {
    return batcher;
  }

  void opened(Connection connection) {
    open.put(connection.id(), connection);
  }

  void closed(Connection connection) {
    open.remove(connection.id());
  }

  @SuppressWarnings("unchecked")
  private void onCommand(Message<Object> message) {
    if (message.body() instanceof CommandBatch) {
      CommandBatch batch = (CommandBatch) message.body();
      for (int i = 0; i < batch.size(); i++) {
        Connection connection = open.get(batch.connectionId(i));
        if (connection != null) { // commands to a connection that is gone are dropped
          connection.onCommand(batch.action(i), batch.payload(i), batch.closeCode(i), batch.closeReason(i));
        }
      }
      return;
    }
    String id = message.headers().get(Headers.CONNECTION);
    Connection connection = id == null ? null : open.get(id);
    if (connection == null) {
      // Gone, or never ours: a join or leave request learns it; other commands are dropped.
      LocalRequests.fail(eventBus, message, 404, id == null ? "no " + Headers.CONNECTION + " header" : "no such connection");
    } else if (message.body() == null || message.body() instanceof Buffer) {
      connection.onCommand((Message<Buffer>) (Message<?>) message);
    }
  }
}
