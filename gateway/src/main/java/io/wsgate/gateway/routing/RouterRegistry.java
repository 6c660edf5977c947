package io.wsgate.gateway.routing;

import io.vertx.core.Deployable;
import io.wsgate.api.RouterFactory;
import io.wsgate.gateway.config.ConfigException;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Finds routers by name: every {@link RouterFactory} on the classpath (bundled or from a jar
 * added with {@code -cp}), or a fully qualified class name of a Vert.x {@link Deployable} or
 * {@link RouterFactory}.
 */
public final class RouterRegistry {

  private final Map<String, RouterFactory> byName = new TreeMap<>();

  public RouterRegistry(ClassLoader loader) {
    for (RouterFactory factory : ServiceLoader.load(RouterFactory.class, loader)) {
      RouterFactory previous = byName.putIfAbsent(factory.name(), factory);
      if (previous != null && previous.getClass() != factory.getClass()) {
        throw new ConfigException("router " + factory.name(), "defined twice on the classpath: "
            + previous.getClass().getName() + " and " + factory.getClass().getName());
      }
    }
  }

  /** How to create instances of the named router; {@code key} names the config entry in errors. */
  public Supplier<Deployable> resolve(String name, String key, ClassLoader loader) {
    RouterFactory factory = byName.get(name);
    if (factory != null) {
      return factory::create;
    }
    if (name.indexOf('.') > 0) {
      return byClassName(name, key, loader);
    }
    throw new ConfigException(key, "unknown router \"" + name + "\" (available: "
        + String.join(", ", byName.keySet()) + "; or give a class name)");
  }

  private static Supplier<Deployable> byClassName(String name, String key, ClassLoader loader) {
    Class<?> type;
    try {
      type = Class.forName(name, false, loader);
    } catch (ClassNotFoundException e) {
      throw new ConfigException(key, "router class " + name + " is not on the classpath");
    }
    if (!Deployable.class.isAssignableFrom(type) && !RouterFactory.class.isAssignableFrom(type)) {
      throw new ConfigException(key, "router class " + name + " is neither a Vert.x Deployable nor a RouterFactory");
    }
    try {
      type.getConstructor();
    } catch (NoSuchMethodException e) {
      throw new ConfigException(key, "router class " + name + " needs a public no-argument constructor");
    }
    return () -> {
      try {
        Object instance = type.getConstructor().newInstance();
        return instance instanceof RouterFactory ? ((RouterFactory) instance).create() : (Deployable) instance;
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot create router " + name, e);
      }
    };
  }
}
