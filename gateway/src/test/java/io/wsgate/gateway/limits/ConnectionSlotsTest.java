package io.wsgate.gateway.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgate.gateway.metrics.LimitKind;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ConnectionSlotsTest {

  @Test
  void theTotalCapRefusesOneMoreAndAReleaseMakesRoom() {
    ConnectionSlots slots = new ConnectionSlots(2, 0);
    assertNull(slots.tryAcquire("a"));
    assertNull(slots.tryAcquire("b"));
    assertEquals(LimitKind.MAX_CONNECTIONS, slots.tryAcquire("c"));
    slots.release("a");
    assertNull(slots.tryAcquire("c"));
    assertEquals(2, slots.open());
    assertEquals(0, slots.trackedAddresses(), "no per-address entries while that cap is off");
  }

  @Test
  void thePerAddressCapRefusesOnlyThatAddress() {
    ConnectionSlots slots = new ConnectionSlots(0, 2);
    assertNull(slots.tryAcquire("a"));
    assertNull(slots.tryAcquire("a"));
    assertEquals(LimitKind.MAX_CONNECTIONS_PER_IP, slots.tryAcquire("a"));
    assertNull(slots.tryAcquire("b"));
    assertEquals(3, slots.open(), "a refused connection takes nothing");
  }

  @Test
  void aRefusalByTheTotalCapGivesTheAddressSlotBack() {
    ConnectionSlots slots = new ConnectionSlots(1, 5);
    assertNull(slots.tryAcquire("a"));
    assertEquals(LimitKind.MAX_CONNECTIONS, slots.tryAcquire("b"));
    assertEquals(1, slots.trackedAddresses(), "b's entry was rolled back");
    slots.release("a");
    assertEquals(0, slots.trackedAddresses());
  }

  @Test
  void anAddressEntryIsRemovedWhenItsLastConnectionCloses() {
    ConnectionSlots slots = new ConnectionSlots(0, 10);
    for (int i = 0; i < 1000; i++) {
      String address = "10.0." + (i / 250) + "." + (i % 250);
      assertNull(slots.tryAcquire(address));
      assertNull(slots.tryAcquire(address));
    }
    assertEquals(1000, slots.trackedAddresses());
    for (int i = 0; i < 1000; i++) {
      String address = "10.0." + (i / 250) + "." + (i % 250);
      slots.release(address);
      slots.release(address);
    }
    assertEquals(0, slots.trackedAddresses());
    assertEquals(0, slots.open());
  }

  /** Eight threads race for 100 slots of one address and one node: never more are granted. */
  @Test
  void concurrentAcquiresNeverExceedTheCapsAndReleasesEndAtZero() throws Exception {
    ConnectionSlots slots = new ConnectionSlots(100, 60);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      CountDownLatch start = new CountDownLatch(1);
      AtomicInteger granted = new AtomicInteger();
      List<Future<List<String>>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        results.add(pool.submit(() -> {
          List<String> held = new ArrayList<>();
          start.await();
          for (int i = 0; i < 50; i++) {
            String address = i % 2 == 0 ? "shared" : "own-" + thread;
            if (slots.tryAcquire(address) == null) {
              granted.incrementAndGet();
              held.add(address);
            }
          }
          return held;
        }));
      }
      start.countDown();
      List<String> all = new ArrayList<>();
      for (Future<List<String>> result : results) {
        all.addAll(result.get(10, TimeUnit.SECONDS));
      }
      assertEquals(100, granted.get(), "8 x 50 attempts for 100 slots");
      assertTrue(all.stream().filter("shared"::equals).count() <= 60, "per-address cap held");
      assertEquals(100, slots.open());
      List<Future<?>> releases = new ArrayList<>();
      for (String address : all) {
        releases.add(pool.submit(() -> slots.release(address)));
      }
      for (Future<?> release : releases) {
        release.get(10, TimeUnit.SECONDS);
      }
      assertEquals(0, slots.open());
      assertEquals(0, slots.trackedAddresses());
    } finally {
      pool.shutdownNow();
    }
  }
}
