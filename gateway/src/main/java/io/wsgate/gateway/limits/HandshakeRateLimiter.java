package io.wsgate.gateway.limits;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Handshakes per client address: one token bucket per address, shared by every event loop.
 *
 * <p>Memory is bounded. A bucket that has refilled completely is the same as no bucket, so such
 * idle buckets are dropped, at most once per second, when a new address arrives. At most
 * {@code maxTracked} addresses have a bucket of their own (plus at most one per event loop
 * racing past the check); beyond that, new addresses share one overflow bucket. An attacker
 * cycling through many addresses then throttles only the other untracked newcomers, while
 * addresses already tracked keep their own allowance.
 */
final class HandshakeRateLimiter {

  private static final long SWEEP_INTERVAL_NANOS = 1_000_000_000L;

  private final double perSecond;
  private final double burst;
  private final int maxTracked;
  private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
  private final TokenBucket overflow;
  private final AtomicLong lastSweep;

  HandshakeRateLimiter(double perSecond, double burst, int maxTracked, long now) {
    this.perSecond = perSecond;
    this.burst = burst;
    this.maxTracked = maxTracked;
    this.overflow = new TokenBucket(perSecond, burst, now);
    this.lastSweep = new AtomicLong(now);
  }

  /** Takes one handshake from {@code key}'s allowance: 0 if it may go ahead, else seconds to wait. */
  long retryAfterSeconds(String key, long now) {
    TokenBucket bucket = buckets.get(key);
    if (bucket == null) {
      sweepIfDue(now);
      bucket = buckets.size() < maxTracked
          ? buckets.computeIfAbsent(key, k -> new TokenBucket(perSecond, burst, now)) : overflow;
    }
    // A sweep may drop this (full) bucket between get and here: the token taken from it is then
    // forgotten, so an address gains at most one handshake per sweep. Not worth a lock per lookup.
    synchronized (bucket) {
      return bucket.tryTake(now, 1) ? 0 : bucket.secondsUntilOne(now);
    }
  }

  /** Addresses with a bucket of their own. */
  int tracked() {
    return buckets.size();
  }

  private void sweepIfDue(long now) {
    long last = lastSweep.get();
    if (now - last < SWEEP_INTERVAL_NANOS || !lastSweep.compareAndSet(last, now)) {
      return;
    }
    buckets.forEach((key, bucket) -> {
      synchronized (bucket) {
        if (bucket.isFull(now)) {
          buckets.remove(key, bucket);
        }
      }
    });
  }
}
