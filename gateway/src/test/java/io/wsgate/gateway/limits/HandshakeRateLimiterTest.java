package io.wsgate.gateway.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HandshakeRateLimiterTest {

  private static final long SECOND = 1_000_000_000L;
  private static final long T0 = 7 * SECOND;

  @Test
  void anAddressGetsItsBurstThenWaitsForTheRate() {
    HandshakeRateLimiter limiter = new HandshakeRateLimiter(1, 3, 100, T0);
    for (int i = 0; i < 3; i++) {
      assertEquals(0, limiter.retryAfterSeconds("a", T0));
    }
    assertEquals(1, limiter.retryAfterSeconds("a", T0));
    assertEquals(0, limiter.retryAfterSeconds("b", T0), "other addresses are not affected");
    assertEquals(0, limiter.retryAfterSeconds("a", T0 + SECOND));
  }

  @Test
  void retryAfterSaysWhenTheNextHandshakeIsAllowed() {
    HandshakeRateLimiter limiter = new HandshakeRateLimiter(0.25, 1, 100, T0);
    assertEquals(0, limiter.retryAfterSeconds("a", T0));
    assertEquals(4, limiter.retryAfterSeconds("a", T0));
  }

  @Test
  void idleAddressesAreForgottenOnceTheirBucketIsFullAgain() {
    HandshakeRateLimiter limiter = new HandshakeRateLimiter(10, 10, 1000, T0);
    for (int i = 0; i < 500; i++) {
      limiter.retryAfterSeconds("10.1." + (i / 250) + "." + (i % 250), T0);
    }
    assertEquals(500, limiter.tracked());
    // One token each, back within 0.1 s; the next new address, a second later, sweeps them.
    limiter.retryAfterSeconds("fresh", T0 + 2 * SECOND);
    assertEquals(1, limiter.tracked());
  }

  @Test
  void anAddressStillRefillingIsKeptBySweeps() {
    HandshakeRateLimiter limiter = new HandshakeRateLimiter(1, 100, 1000, T0);
    for (int i = 0; i < 100; i++) {
      limiter.retryAfterSeconds("busy", T0);
    }
    limiter.retryAfterSeconds("fresh", T0 + 2 * SECOND);
    assertEquals(2, limiter.tracked());
    assertEquals(0, limiter.retryAfterSeconds("busy", T0 + 2 * SECOND));
    assertEquals(0, limiter.retryAfterSeconds("busy", T0 + 2 * SECOND));
    assertEquals(1, limiter.retryAfterSeconds("busy", T0 + 2 * SECOND), "only the two tokens refilled since");
  }

  /**
   * An attacker cycling through addresses faster than buckets refill fills the map to its cap;
   * then every new address shares one overflow bucket, the tracked ones keep theirs, and once
   * the flood is over a sweep gives newcomers buckets of their own again.
   */
  @Test
  void atTheCapNewAddressesShareOneBucketAndTrackedOnesKeepTheirs() {
    HandshakeRateLimiter limiter = new HandshakeRateLimiter(1, 2, 50, T0);
    assertEquals(0, limiter.retryAfterSeconds("regular", T0));
    long flood = T0 + SECOND / 100;
    for (int i = 0; i < 10_000; i++) {
      limiter.retryAfterSeconds("attacker-" + i, flood);
    }
    assertEquals(50, limiter.tracked(), "never more than maxTrackedIps buckets");
    assertEquals(0, limiter.retryAfterSeconds("regular", flood), "its own bucket still has a token");
    assertEquals(1, limiter.retryAfterSeconds("newcomer", flood), "the shared bucket is used up");

    long later = T0 + 10 * SECOND;
    assertEquals(0, limiter.retryAfterSeconds("newcomer", later));
    assertEquals(1, limiter.tracked(), "every full bucket was dropped; the newcomer has its own");
  }
}
