package io.wsgate.api;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import java.nio.charset.StandardCharsets;

/**
 * Publishes one message to every connection in a group ({@link Connections#join}) on this node.
 * The gateway encodes the frame once and writes it to each member: one publish, however many
 * receivers. Group addresses are node-local, like connection addresses; {@link ClusterGroups}
 * reaches a group's members on every node of a cluster. Requires {@link Codecs#register}.
 */
public final class Groups {

  private static final DeliveryOptions TEXT = new DeliveryOptions()
      .setCodecName(PayloadCodec.NAME)
      .setLocalOnly(true)
      .addHeader(Headers.TYPE, MessageType.TEXT.wire());

  private static final DeliveryOptions BINARY = new DeliveryOptions()
      .setCodecName(PayloadCodec.NAME)
      .setLocalOnly(true)
      .addHeader(Headers.TYPE, MessageType.BINARY.wire());

  private final EventBus eventBus;

  public Groups(EventBus eventBus) {
    this.eventBus = eventBus;
  }

  /** Sends the payload to every member; the payload must not be changed afterwards. */
  public void publish(String group, MessageType type, Buffer payload) {
    Outbox.flushActive(); // what the router sent before this publish reaches its clients first
    eventBus.publish(Addresses.group(group), payload, type == MessageType.TEXT ? TEXT : BINARY);
  }

  /** Like {@link #publish(String, MessageType, Buffer)} but skips one connection (the sender). */
  public void publish(String group, MessageType type, Buffer payload, String excludeConnectionId) {
    if (excludeConnectionId == null) {
      publish(group, type, payload);
      return;
    }
    Outbox.flushActive();
    DeliveryOptions options = new DeliveryOptions()
        .setCodecName(PayloadCodec.NAME)
        .setLocalOnly(true)
        .addHeader(Headers.TYPE, type.wire())
        .addHeader(Headers.EXCLUDE, excludeConnectionId);
    eventBus.publish(Addresses.group(group), payload, options);
  }

  /** Sends a text message to every member. */
  public void publishText(String group, String text) {
    publish(group, MessageType.TEXT, Buffer.buffer(text.getBytes(StandardCharsets.UTF_8)));
  }
}
