package io.wsgate.gateway.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TokenBucketTest {

  private static final long SECOND = 1_000_000_000L;
  private static final long T0 = 42 * SECOND;

  @Test
  void aNewBucketAllowsItsBurstAndNoMore() {
    TokenBucket bucket = new TokenBucket(1, 3, T0);
    assertTrue(bucket.tryTake(T0, 1));
    assertTrue(bucket.tryTake(T0, 1));
    assertTrue(bucket.tryTake(T0, 1));
    assertFalse(bucket.tryTake(T0, 1));
  }

  @Test
  void tokensComeBackAtTheRateUpToTheBurst() {
    TokenBucket bucket = new TokenBucket(2, 4, T0);
    assertTrue(bucket.tryTake(T0, 4));
    assertFalse(bucket.tryTake(T0 + SECOND / 4, 1), "half a token after 250 ms");
    assertTrue(bucket.tryTake(T0 + SECOND / 2, 1), "one token after 500 ms");
    assertFalse(bucket.tryTake(T0 + SECOND / 2, 1));
    // An hour idle refills to the burst, not beyond.
    long later = T0 + 3600 * SECOND;
    assertTrue(bucket.isFull(later));
    assertTrue(bucket.tryTake(later, 4));
    assertFalse(bucket.tryTake(later, 1));
  }

  @Test
  void aTakeLargerThanTheBurstPassesOnlyFromAFullBucketAndLeavesDebt() {
    TokenBucket bucket = new TokenBucket(1000, 1000, T0);
    assertTrue(bucket.tryTake(T0, 5000), "a full bucket lets one oversized read through");
    assertFalse(bucket.tryTake(T0 + SECOND, 1), "4000 tokens of debt, 1000 back after one second");
    assertFalse(bucket.tryTake(T0 + 4 * SECOND, 1000), "debt repaid, but not yet full");
    assertTrue(bucket.tryTake(T0 + 5 * SECOND, 1000));
    assertFalse(bucket.tryTake(T0 + 5 * SECOND + SECOND / 2, 5000), "half full");
  }

  @Test
  void retryAfterIsTheWholeSecondsUntilOneToken() {
    TokenBucket bucket = new TokenBucket(1, 1, T0);
    bucket.tryTake(T0, 1);
    assertEquals(1, bucket.secondsUntilOne(T0));
    TokenBucket slow = new TokenBucket(0.2, 2, T0);
    slow.tryTake(T0, 2);
    assertEquals(5, slow.secondsUntilOne(T0));
    assertEquals(3, slow.secondsUntilOne(T0 + 2 * SECOND));
  }

  @Test
  void aClockReadingOlderThanTheLastUpdateDoesNotRefillBackwards() {
    TokenBucket bucket = new TokenBucket(1, 2, T0);
    assertTrue(bucket.tryTake(T0 + SECOND, 2));
    assertFalse(bucket.tryTake(T0, 1));
    assertTrue(bucket.tryTake(T0 + 2 * SECOND, 1));
  }
}
