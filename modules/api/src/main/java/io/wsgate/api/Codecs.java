package io.wsgate.api;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;

/** Registers the contract's codecs on a Vert.x instance. */
public final class Codecs {

  private Codecs() {
  }

  /**
   * Registers {@link PayloadCodec}, and the by-reference codecs of {@link MessageBatch} and
   * {@link CommandBatch} as those classes' defaults, unless they are already there. The gateway
   * calls this before it deploys routers; a router under test on its own Vert.x calls it itself.
   */
  public static synchronized void register(Vertx vertx) {
    EventBus eventBus = vertx.eventBus();
    try {
      eventBus.registerCodec(new PayloadCodec());
    } catch (IllegalStateException alreadyRegistered) {
      // Same codec, same name: registering it twice is harmless.
    }
    try {
      eventBus.registerDefaultCodec(MessageBatch.class, new LocalCodec<>("wsgate.messages"));
      eventBus.registerDefaultCodec(CommandBatch.class, new LocalCodec<>("wsgate.commands"));
    } catch (IllegalStateException alreadyRegistered) {
      // Registered by an earlier call on this Vert.x.
    }
  }
}
