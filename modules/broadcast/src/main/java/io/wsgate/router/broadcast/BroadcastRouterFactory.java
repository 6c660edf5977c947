package io.wsgate.router.broadcast;

import io.vertx.core.Deployable;
import io.wsgate.api.RouterFactory;

/** Registers {@link BroadcastRouter} under the name {@code broadcast}. */
public final class BroadcastRouterFactory implements RouterFactory {

  @Override
  public String name() {
    return "broadcast";
  }

  @Override
  public Deployable create() {
    return new BroadcastRouter();
  }
}
