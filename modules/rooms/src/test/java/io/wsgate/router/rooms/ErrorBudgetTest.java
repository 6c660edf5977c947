package io.wsgate.router.rooms;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ErrorBudgetTest {

  @Test
  void spentByTheTwentiethErrorWithinTheWindow() {
    ErrorBudget budget = new ErrorBudget(20, 10_000);
    for (int i = 0; i < 19; i++) {
      assertFalse(budget.record(i * 500L));
    }
    assertTrue(budget.record(9_999));
  }

  @Test
  void slidingWindowForgetsOldErrors() {
    ErrorBudget budget = new ErrorBudget(20, 10_000);
    for (int i = 0; i < 19; i++) {
      assertFalse(budget.record(0));
    }
    assertFalse(budget.record(10_000), "the first 19 are exactly 10 s old");
    for (int i = 0; i < 18; i++) {
      assertFalse(budget.record(19_999));
    }
    assertTrue(budget.record(19_999), "20 errors in (10 s, 19.999 s]");
  }

  @Test
  void aSteadyTrickleIsTolerated() {
    ErrorBudget budget = new ErrorBudget(20, 10_000);
    for (int i = 0; i < 1_000; i++) {
      assertFalse(budget.record(i * 527L));
    }
  }
}
