package io.wsgate.router.rooms;

import io.vertx.core.Deployable;
import io.wsgate.api.RouterFactory;

/** Registers {@link RoomsRouter} under the name {@code rooms}. */
public final class RoomsRouterFactory implements RouterFactory {

  @Override
  public String name() {
    return "rooms";
  }

  @Override
  public Deployable create() {
    return new RoomsRouter();
  }
}
