package io.wsgate.router.rooms;

/**
 * Counts a connection's error replies in a sliding window: the budget is spent when
 * {@code max} errors fall within {@code windowMs}. A sliding window rather than "N in a row" so
 * that a client cannot keep sending garbage forever by slipping in one valid request now and then.
 */
final class ErrorBudget {

  /** Times of the last {@code max} errors, oldest at {@link #next} once the ring is full. */
  private final long[] times;
  private final long windowMs;
  private int count;
  private int next;

  ErrorBudget(int max, long windowMs) {
    this.times = new long[max];
    this.windowMs = windowMs;
  }

  /** Records one error at {@code nowMs}; returns true when the budget is spent. */
  boolean record(long nowMs) {
    times[next] = nowMs;
    next = (next + 1) % times.length;
    if (count < times.length) {
      count++;
    }
    return count == times.length && nowMs - times[next] < windowMs;
  }
}
