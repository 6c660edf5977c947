package io.wsgate.api;

import io.vertx.core.Vertx;

/** Registers the contract's codecs on a Vert.x instance. */
public final class Codecs {

  private Codecs() {
  }

  /**
   * Registers {@link PayloadCodec} unless it is already there. The gateway calls this before it
   * deploys routers; a router under test on its own Vert.x calls it itself.
   */
  public static synchronized void register(Vertx vertx) {
    try {
      vertx.eventBus().registerCodec(new PayloadCodec());
    } catch (IllegalStateException alreadyRegistered) {
      // Same codec, same name: registering it twice is harmless.
    }
  }
}
