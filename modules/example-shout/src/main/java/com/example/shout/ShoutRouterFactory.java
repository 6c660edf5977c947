package com.example.shout;

import io.vertx.core.Deployable;
import io.wsgate.api.RouterFactory;

/** Makes the router available to the gateway's config as {@code router: shout}. */
public final class ShoutRouterFactory implements RouterFactory {

  @Override
  public String name() {
    return "shout";
  }

  @Override
  public Deployable create() {
    return new ShoutRouter();
  }
}
