package io.wsgate.gateway.server;

import io.micrometer.core.instrument.Counter;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.wsgate.api.Addresses;
import io.wsgate.api.Headers;
import io.wsgate.api.MessageType;
import io.wsgate.gateway.protocol.FrameEncoder;
import io.wsgate.gateway.protocol.OpCode;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Group memberships of the connections on one event loop. One event-bus consumer per group with
 * local members, whatever the number of members: a publish to the group costs one delivery here,
 * one frame encoding, and one write per member. Not thread-safe: used only on its event loop.
 */
final class GroupRegistry {

  private final EventBus eventBus;
  private final Counter deliveries;
  private final Map<String, Group> groups = new HashMap<>();
  /** Memberships on this event loop, for the members gauge (read from the scrape thread). */
  private volatile long memberCount;
  private volatile int groupCount;

  GroupRegistry(EventBus eventBus, Counter deliveries) {
    this.eventBus = eventBus;
    this.deliveries = deliveries;
  }

  private final class Group {
    private final Set<Connection> members = new LinkedHashSet<>();
    private final MessageConsumer<Buffer> consumer;
    /** Members as an array for fan-out, rebuilt after a change: writes may close members. */
    private Connection[] snapshot;

    Group(String name) {
      consumer = eventBus.localConsumer(Addresses.group(name), this::fanOut);
    }

    private void fanOut(Message<Buffer> message) {
      if (message.body() == null) {
        return;
      }
      boolean text = MessageType.fromWire(message.headers().get(Headers.TYPE)) == MessageType.TEXT;
      String exclude = message.headers().get(Headers.EXCLUDE);
      int payloadBytes = message.body().length();
      Buffer frame = FrameEncoder.encode(text ? OpCode.TEXT : OpCode.BINARY, message.body());
      if (snapshot == null) {
        snapshot = members.toArray(new Connection[0]);
      }
      int delivered = 0;
      for (Connection member : snapshot) {
        if ((exclude == null || !exclude.equals(member.id())) && member.sendFrame(frame, text, payloadBytes)) {
          delivered++;
        }
      }
      deliveries.increment(delivered);
    }
  }

  void join(Connection connection, String name) {
    Group group = groups.computeIfAbsent(name, Group::new);
    if (group.members.add(connection)) {
      group.snapshot = null;
      memberCount++;
      groupCount = groups.size();
    }
  }

  void leave(Connection connection, String name) {
    Group group = groups.get(name);
    if (group != null && group.members.remove(connection)) {
      group.snapshot = null;
      memberCount--;
      if (group.members.isEmpty()) {
        group.consumer.unregister();
        groups.remove(name);
      }
      groupCount = groups.size();
    }
  }

  /** Groups with members on this event loop. */
  long groupCount() {
    return groupCount;
  }

  long memberCount() {
    return memberCount;
  }
}
