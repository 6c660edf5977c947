package io.wsgate.bench.loadgen.mode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FanOutTest {

  @Test
  void aMessageCompletesWhenEveryReceiverHasIt() {
    AtomicInteger progress = new AtomicInteger();
    FanOut fanOut = new FanOut(3, 4, progress::incrementAndGet);
    fanOut.delivered(0);
    fanOut.delivered(0);
    assertEquals(0, fanOut.complete());
    fanOut.delivered(0);
    assertEquals(1, fanOut.complete());
    assertEquals(1, progress.get());
    assertEquals(2, fanOut.inFlight(3));
  }

  @Test
  void completionIsInOrderEvenWhenLaterMessagesFinishFirst() {
    FanOut fanOut = new FanOut(2, 4, () -> { });
    fanOut.delivered(0);
    fanOut.delivered(1);
    fanOut.delivered(1);
    assertEquals(0, fanOut.complete()); // 1 is done, 0 is not
    fanOut.delivered(0);
    assertEquals(2, fanOut.complete());
  }

  @Test
  void slotsAreReusedAcrossTheRing() {
    FanOut fanOut = new FanOut(1, 2, () -> { });
    for (long sequence = 0; sequence < 1000; sequence++) {
      fanOut.delivered(sequence);
      assertEquals(sequence + 1, fanOut.complete());
    }
  }
}
