package io.wsgate.gateway.limits;

/**
 * A token bucket: holds at most {@code burst} tokens and refills at {@code perSecond}. Times are
 * {@link System#nanoTime()} values passed in, so tests need no clock. Not thread-safe: a
 * connection's buckets live on its event loop; shared buckets are locked by their owner.
 */
final class TokenBucket {

  private static final double NANOS_PER_SECOND = 1e9;

  private final double perNano;
  private final double perSecond;
  private final double burst;
  private double tokens;
  private long updatedAt;

  /** A full bucket. */
  TokenBucket(double perSecond, double burst, long now) {
    this.perSecond = perSecond;
    this.perNano = perSecond / NANOS_PER_SECOND;
    this.burst = burst;
    this.tokens = burst;
    this.updatedAt = now;
  }

  /**
   * Takes {@code n} tokens if the bucket holds that many. A take larger than the whole burst
   * passes only from a full bucket (and leaves it in debt): otherwise one socket read bigger than
   * a small byte burst could never pass.
   */
  boolean tryTake(long now, double n) {
    refill(now);
    if (tokens < Math.min(n, burst)) {
      return false;
    }
    tokens -= n;
    return true;
  }

  /** Whether the bucket has refilled completely; then it is no different from a new one. */
  boolean isFull(long now) {
    refill(now);
    return tokens >= burst;
  }

  /** Whole seconds until one token is available, at least 1 (a {@code Retry-After} value). */
  long secondsUntilOne(long now) {
    refill(now);
    return Math.max(1, (long) Math.ceil((1 - tokens) / perSecond));
  }

  private void refill(long now) {
    // Callers on several threads may pass a now older than the last update: never refill backwards.
    if (now > updatedAt) {
      tokens = Math.min(burst, tokens + (now - updatedAt) * perNano);
      updatedAt = now;
    }
  }
}
