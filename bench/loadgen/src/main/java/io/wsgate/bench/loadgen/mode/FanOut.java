package io.wsgate.bench.loadgen.mode;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tracks one publisher's messages until every expected receiver has each of them, so the
 * publisher can keep a bounded number in flight ("in flight" = not yet delivered to all).
 * Receivers report in order per receiver; a slot of the ring counts deliveries of one sequence
 * number and is reused once that number completes. Thread-safe.
 */
final class FanOut {

  private final int receivers;
  private final int mask;
  private final AtomicIntegerArray deliveries;
  /** Every sequence number below this has reached all receivers. */
  private final AtomicLong complete = new AtomicLong();
  private final Runnable onProgress;

  /**
   * @param receivers deliveries that complete one message
   * @param window the most messages the publisher keeps in flight (the ring is at least this)
   * @param onProgress called (on a receiver's thread) when {@link #complete()} advances
   */
  FanOut(int receivers, int window, Runnable onProgress) {
    this.receivers = receivers;
    int ring = Integer.highestOneBit(Math.max(1, window - 1)) << 1;
    this.mask = ring - 1;
    this.deliveries = new AtomicIntegerArray(ring);
    this.onProgress = onProgress;
  }

  /** One receiver got {@code sequence}. */
  void delivered(long sequence) {
    if (deliveries.incrementAndGet((int) (sequence & mask)) == receivers) {
      advance();
    }
  }

  long complete() {
    return complete.get();
  }

  /** Messages sent (below {@code sent}) that some receiver still lacks. */
  long inFlight(long sent) {
    return sent - complete.get();
  }

  private void advance() {
    boolean moved = false;
    synchronized (this) {
      long next = complete.get();
      while (deliveries.get((int) (next & mask)) == receivers) {
        deliveries.set((int) (next & mask), 0);
        next++;
        moved = true;
      }
      complete.set(next);
    }
    if (moved) {
      onProgress.run();
    }
  }
}
