package io.wsgate.api;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

/**
 * Hands an object to a consumer on the same node by reference. For the contract's batch bodies
 * ({@link MessageBatch}, {@link CommandBatch}), which only travel on node-local addresses: sending
 * one across the cluster is a bug, and fails loudly here.
 */
final class LocalCodec<T> implements MessageCodec<T, T> {

  private final String name;

  LocalCodec(String name) {
    this.name = name;
  }

  @Override
  public void encodeToWire(Buffer buffer, T body) {
    throw new UnsupportedOperationException(name + " is node-local: send it with DeliveryOptions.setLocalOnly(true)");
  }

  @Override
  public T decodeFromWire(int pos, Buffer buffer) {
    throw new UnsupportedOperationException(name + " is node-local");
  }

  @Override
  public T transform(T body) {
    return body;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
