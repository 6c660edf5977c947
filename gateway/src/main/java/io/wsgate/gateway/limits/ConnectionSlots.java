package io.wsgate.gateway.limits;

import io.wsgate.gateway.metrics.LimitKind;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Open connections on this node, in total and per client address; one instance shared by every
 * event loop. An address's entry exists only while it has connections, so the map is never
 * larger than the number of open connections.
 */
final class ConnectionSlots {

  private final int maxTotal;
  private final int maxPerAddress;
  private final AtomicInteger total = new AtomicInteger();
  private final ConcurrentHashMap<String, Integer> perAddress = new ConcurrentHashMap<>();

  /** @param maxTotal 0 = no cap; @param maxPerAddress 0 = no cap (and no per-address entries) */
  ConnectionSlots(int maxTotal, int maxPerAddress) {
    this.maxTotal = maxTotal;
    this.maxPerAddress = maxPerAddress;
  }

  /**
   * Takes a slot for one connection from {@code key}. Returns null when it was taken (release it
   * exactly once), or the cap that refused it (then nothing was taken).
   */
  LimitKind tryAcquire(String key) {
    if (maxPerAddress > 0 && !takeAddress(key)) {
      return LimitKind.MAX_CONNECTIONS_PER_IP;
    }
    if (!takeTotal()) {
      if (maxPerAddress > 0) {
        releaseAddress(key);
      }
      return LimitKind.MAX_CONNECTIONS;
    }
    return null;
  }

  void release(String key) {
    total.decrementAndGet();
    if (maxPerAddress > 0) {
      releaseAddress(key);
    }
  }

  /** Connections holding a slot now. */
  int open() {
    return total.get();
  }

  /** Addresses with at least one connection (0 when the per-address cap is off). */
  int trackedAddresses() {
    return perAddress.size();
  }

  private boolean takeAddress(String key) {
    boolean[] taken = {false};
    // compute() is atomic per key: two event loops cannot both take an address's last slot.
    perAddress.compute(key, (k, count) -> {
      int now = count == null ? 0 : count;
      if (now >= maxPerAddress) {
        return count;
      }
      taken[0] = true;
      return now + 1;
    });
    return taken[0];
  }

  private void releaseAddress(String key) {
    perAddress.computeIfPresent(key, (k, count) -> count <= 1 ? null : count - 1);
  }

  private boolean takeTotal() {
    while (true) {
      int now = total.get();
      if (maxTotal > 0 && now >= maxTotal) {
        return false;
      }
      if (total.compareAndSet(now, now + 1)) {
        return true;
      }
    }
  }
}
