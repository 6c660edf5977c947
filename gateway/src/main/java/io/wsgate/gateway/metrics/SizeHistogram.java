package io.wsgate.gateway.metrics;

import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.concurrent.atomic.LongAdder;

/**
 * Message payload sizes of one route and direction, recorded for every message. Micrometer's
 * distribution summary reads a clock and updates a time-window maximum on each record, which made
 * it the largest single cost of a pipelined echo; here a record is two uncontended adds, and the
 * bucket is found with one bit count (the bounds are powers of four). Exported by
 * {@link SizeHistograms} as the Prometheus histogram {@code wsgate_message_size_bytes}.
 */
final class SizeHistogram {

  /** 64 B, 256 B, ... 16 MiB (the default message limit), then +Inf. */
  static final double[] UPPER_BOUNDS = {64, 256, 1024, 4096, 16_384, 65_536, 262_144, 1_048_576, 4_194_304,
      16_777_216, Double.POSITIVE_INFINITY};

  private final Labels labels;
  private final LongAdder[] counts = new LongAdder[UPPER_BOUNDS.length];
  private final LongAdder sum = new LongAdder();

  SizeHistogram(Labels labels) {
    this.labels = labels;
    for (int i = 0; i < counts.length; i++) {
      counts[i] = new LongAdder();
    }
  }

  void record(int bytes) {
    counts[bucket(bytes)].increment();
    sum.add(bytes);
  }

  /** The index of the first bound that is at least {@code bytes}. */
  static int bucket(long bytes) {
    if (bytes <= 64) {
      return 0;
    }
    int bits = 64 - Long.numberOfLeadingZeros(bytes - 1); // ceil(log2(bytes))
    return Math.min(UPPER_BOUNDS.length - 1, (bits - 5) / 2);
  }

  HistogramDataPointSnapshot snapshot() {
    long[] perBucket = new long[counts.length];
    for (int i = 0; i < counts.length; i++) {
      perBucket[i] = counts[i].sum();
    }
    return HistogramDataPointSnapshot.builder()
        .labels(labels)
        .classicHistogramBuckets(ClassicHistogramBuckets.of(UPPER_BOUNDS, perBucket))
        .sum(sum.sum())
        .build();
  }
}
