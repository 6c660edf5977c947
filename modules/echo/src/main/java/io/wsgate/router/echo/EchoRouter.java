package io.wsgate.router.echo;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.wsgate.api.Codecs;
import io.wsgate.api.Connections;
import io.wsgate.api.Event;
import io.wsgate.api.Inbound;
import io.wsgate.api.RouterConfig;

/** Sends every message back to its sender unchanged, same type. Stateless. */
public final class EchoRouter extends VerticleBase {

  @Override
  public Future<?> start() {
    RouterConfig config = RouterConfig.from(config());
    Codecs.register(vertx);
    Connections connections = new Connections(vertx);
    return vertx.eventBus().localConsumer(config.address(), message -> Inbound.each(message, in -> {
      if (in.event() == Event.MESSAGE) {
        connections.send(in.connectionId(), in.type(), in.payload());
      }
    })).completion();
  }
}
