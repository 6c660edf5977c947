package io.wsgate.gateway.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Typed, strict access to one JSON object of the config: every read names its full key path in
 * errors, and {@link #rejectUnknownKeys} turns a typo into a start-up error instead of a silently
 * ignored setting.
 */
final class ConfigReader {

  private final JsonObject json;
  private final String path;

  ConfigReader(JsonObject json, String path) {
    this.json = json == null ? new JsonObject() : json;
    this.path = path;
  }

  /** The full key of this object, e.g. {@code auth.keys[0]}. */
  String path() {
    return path;
  }

  boolean has(String name) {
    return json.getValue(name) != null;
  }

  String key(String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  ConfigReader object(String name) {
    Object value = json.getValue(name);
    if (value != null && !(value instanceof JsonObject)) {
      throw new ConfigException(key(name), "must be an object, got " + describe(value));
    }
    return new ConfigReader((JsonObject) value, key(name));
  }

  String string(String name, String fallback) {
    Object value = json.getValue(name);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof String) || ((String) value).isBlank()) {
      throw new ConfigException(key(name), "must be a non-empty string, got " + describe(value));
    }
    return (String) value;
  }

  String requiredString(String name) {
    String value = string(name, null);
    if (value == null) {
      throw new ConfigException(key(name), "is required");
    }
    return value;
  }

  long longValue(String name, long fallback, long min, long max) {
    Object value = json.getValue(name);
    if (value == null) {
      return fallback;
    }
    long parsed;
    if (value instanceof Integer || value instanceof Long) {
      parsed = ((Number) value).longValue();
    } else if (value instanceof String && ((String) value).trim().matches("-?\\d{1,18}")) {
      parsed = Long.parseLong(((String) value).trim());
    } else {
      throw new ConfigException(key(name), "must be a whole number, got " + describe(value));
    }
    if (parsed < min || parsed > max) {
      throw new ConfigException(key(name), "must be between " + min + " and " + max + ", got " + parsed);
    }
    return parsed;
  }

  int intValue(String name, int fallback, int min, int max) {
    return (int) longValue(name, fallback, min, max);
  }

  /** {@code true}/{@code false}, also as a string (environment variables are strings). */
  boolean bool(String name, boolean fallback) {
    Object value = json.getValue(name);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Boolean) {
      return (Boolean) value;
    }
    if (value instanceof String && ((String) value).trim().matches("(?i)true|false")) {
      return Boolean.parseBoolean(((String) value).trim());
    }
    throw new ConfigException(key(name), "must be true or false, got " + describe(value));
  }

  List<String> strings(String name) {
    Object value = json.getValue(name);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof JsonArray)) {
      throw new ConfigException(key(name), "must be a list of strings, got " + describe(value));
    }
    List<String> out = new ArrayList<>();
    JsonArray array = (JsonArray) value;
    for (int i = 0; i < array.size(); i++) {
      Object item = array.getValue(i);
      if (!(item instanceof String) || ((String) item).isBlank()) {
        throw new ConfigException(key(name) + "[" + i + "]", "must be a non-empty string, got " + describe(item));
      }
      out.add((String) item);
    }
    return out;
  }

  /** A list of strings, or one string standing for a list of one. */
  List<String> stringOrStrings(String name) {
    Object value = json.getValue(name);
    if (value instanceof String) {
      return List.of(string(name, null));
    }
    return strings(name);
  }

  List<ConfigReader> objects(String name) {
    Object value = json.getValue(name);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof JsonArray)) {
      throw new ConfigException(key(name), "must be a list, got " + describe(value));
    }
    List<ConfigReader> out = new ArrayList<>();
    JsonArray array = (JsonArray) value;
    for (int i = 0; i < array.size(); i++) {
      Object item = array.getValue(i);
      if (!(item instanceof JsonObject)) {
        throw new ConfigException(key(name) + "[" + i + "]", "must be an object, got " + describe(item));
      }
      out.add(new ConfigReader((JsonObject) item, key(name) + "[" + i + "]"));
    }
    return out;
  }

  JsonObject rawObject(String name) {
    Object value = json.getValue(name);
    if (value == null) {
      return new JsonObject();
    }
    if (!(value instanceof JsonObject)) {
      throw new ConfigException(key(name), "must be an object, got " + describe(value));
    }
    return ((JsonObject) value).copy();
  }

  void rejectUnknownKeys(Set<String> known) {
    for (String name : json.fieldNames()) {
      if (!known.contains(name)) {
        throw new ConfigException(key(name), "unknown key (known: " + String.join(", ", new java.util.TreeSet<>(known)) + ")");
      }
    }
  }

  private static String describe(Object value) {
    if (value == null) {
      return "nothing";
    }
    if (value instanceof String) {
      return "\"" + value + "\"";
    }
    return value.toString();
  }
}
