package io.wsgate.bench.loadgen.metrics;

import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * A latency histogram (HdrHistogram, log-bucketed, 3 significant digits) recorded from any
 * event loop without locks. {@link #startInterval} drops what was recorded before (warm-up),
 * {@link #endInterval} freezes the measured window.
 */
public final class Latency {

  private static final long HIGHEST_NANOS = TimeUnit.MINUTES.toNanos(10);
  private static final int SIGNIFICANT_DIGITS = 3;
  private static final double NANOS_PER_MICRO = 1_000.0;

  private final Recorder recorder = new Recorder(HIGHEST_NANOS, SIGNIFICANT_DIGITS);
  private Histogram measured;

  public void record(long nanos) {
    recorder.recordValue(Math.max(0, Math.min(nanos, HIGHEST_NANOS)));
  }

  public void startInterval() {
    recorder.reset();
  }

  public void endInterval() {
    measured = recorder.getIntervalHistogram();
  }

  public long count() {
    return measured == null ? 0 : measured.getTotalCount();
  }

  /** Microseconds at the given percentile of the measured window. */
  public double percentileMicros(double percentile) {
    return measured == null || measured.getTotalCount() == 0 ? 0
        : measured.getValueAtPercentile(percentile) / NANOS_PER_MICRO;
  }

  /** {@code {"count":..,"p50":..,"p99":..,"p999":..,"max":..,"mean":..}} in microseconds. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("unit", "us").put("count", count());
    if (count() > 0) {
      json.put("p50", round(percentileMicros(50)))
          .put("p99", round(percentileMicros(99)))
          .put("p999", round(percentileMicros(99.9)))
          .put("max", round(measured.getMaxValue() / NANOS_PER_MICRO))
          .put("mean", round(measured.getMean() / NANOS_PER_MICRO));
    }
    return json;
  }

  private static double round(double micros) {
    return Math.round(micros * 10) / 10.0;
  }
}
