package com.example.shout;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.wsgate.api.Codecs;
import io.wsgate.api.Connections;
import io.wsgate.api.Event;
import io.wsgate.api.Inbound;
import io.wsgate.api.MessageType;
import io.wsgate.api.RouterConfig;
import java.util.Locale;

/**
 * Answers every text message in upper case, with an optional prefix from the route's options
 * ({@code options: {prefix: "> "}}). Binary messages are refused with Close 1003.
 */
public final class ShoutRouter extends VerticleBase {

  @Override
  public Future<?> start() {
    RouterConfig config = RouterConfig.from(config());
    String prefix = config.options().getString("prefix", "");
    Codecs.register(vertx);
    Connections connections = new Connections(vertx);
    return vertx.eventBus().localConsumer(config.address(), message -> Inbound.each(message, in -> {
      if (in.event() != Event.MESSAGE) {
        return;
      }
      if (in.type() == MessageType.TEXT) {
        connections.sendText(in.connectionId(), prefix + in.payload().toString().toUpperCase(Locale.ROOT));
      } else {
        connections.close(in.connectionId(), 1003, "text only");
      }
    })).completion();
  }
}
