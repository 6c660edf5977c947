package io.wsgate.router.echo;

import io.vertx.core.Deployable;
import io.wsgate.api.RouterFactory;

/** Registers {@link EchoRouter} under the name {@code echo}. */
public final class EchoRouterFactory implements RouterFactory {

  @Override
  public String name() {
    return "echo";
  }

  @Override
  public Deployable create() {
    return new EchoRouter();
  }
}
