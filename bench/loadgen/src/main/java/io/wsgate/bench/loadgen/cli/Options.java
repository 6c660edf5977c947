package io.wsgate.bench.loadgen.cli;

import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code --key value} (or {@code --key=value}) options. A key given twice keeps the last value,
 * so a runner can append overrides (the {@code --quick} settings) to a scenario's arguments.
 * Every getter names the options a mode understands; {@link #rejectUnknown} then fails on
 * anything else, typos included.
 */
public final class Options {

  private static final String PREFIX = "--";

  private final Map<String, String> values = new LinkedHashMap<>();
  private final Map<String, Object> used = new LinkedHashMap<>();

  public static Options parse(List<String> args) {
    Options options = new Options();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith(PREFIX) || arg.length() == PREFIX.length()) {
        throw new UsageException("expected --option, got \"" + arg + "\"");
      }
      String key = arg.substring(PREFIX.length());
      int equals = key.indexOf('=');
      if (equals >= 0) {
        options.values.put(key.substring(0, equals), key.substring(equals + 1));
      } else if (i + 1 < args.size()) {
        options.values.put(key, args.get(++i));
      } else {
        throw new UsageException(arg + " needs a value");
      }
    }
    return options;
  }

  public String string(String key, String defaultValue) {
    String value = values.getOrDefault(key, defaultValue);
    used.put(key, value);
    return value;
  }

  public String choice(String key, String defaultValue, String... allowed) {
    String value = string(key, defaultValue);
    for (String candidate : allowed) {
      if (candidate.equals(value)) {
        return value;
      }
    }
    throw new UsageException(PREFIX + key + " must be one of " + String.join(", ", allowed) + ", got " + value);
  }

  public int integer(String key, int defaultValue, int min, int max) {
    return (int) longValue(key, defaultValue, min, max);
  }

  public long longValue(String key, long defaultValue, long min, long max) {
    String raw = values.get(key);
    long value;
    try {
      value = raw == null ? defaultValue : Long.parseLong(raw.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new UsageException(PREFIX + key + " must be a whole number, got " + raw);
    }
    if (value < min || value > max) {
      throw new UsageException(PREFIX + key + " must be between " + min + " and " + max + ", got " + value);
    }
    used.put(key, value);
    return value;
  }

  public double decimal(String key, double defaultValue, double min, double max) {
    String raw = values.get(key);
    double value;
    try {
      value = raw == null ? defaultValue : Double.parseDouble(raw);
    } catch (NumberFormatException e) {
      throw new UsageException(PREFIX + key + " must be a number, got " + raw);
    }
    if (!(value >= min && value <= max)) {
      throw new UsageException(PREFIX + key + " must be between " + min + " and " + max + ", got " + value);
    }
    used.put(key, value);
    return value;
  }

  /** Fails on options no getter asked for. */
  public void rejectUnknown() {
    TreeSet<String> unknown = new TreeSet<>(values.keySet());
    unknown.removeAll(used.keySet());
    if (!unknown.isEmpty()) {
      throw new UsageException("unknown option " + PREFIX + unknown.first() + " (this mode knows: "
          + String.join(", ", new TreeSet<>(used.keySet()).stream().map(k -> PREFIX + k).toList()) + ")");
    }
  }

  /** The effective value of every option read, defaults included (for the JSON record). */
  public JsonObject effective() {
    return new JsonObject(new LinkedHashMap<>(used));
  }
}
