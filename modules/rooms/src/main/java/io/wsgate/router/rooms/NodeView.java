package io.wsgate.router.rooms;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;

/**
 * The rooms-router nodes of one route that this node knows to be alive, and who owns what:
 * rendezvous hashing, so every node with the same view picks the same owner, and a node coming or
 * going moves only the keys it wins or held. Immutable.
 */
final class NodeView {

  private final String self;
  private final Set<String> nodes;

  NodeView(String self, Set<String> nodes) {
    this.self = self;
    TreeSet<String> all = new TreeSet<>(nodes);
    all.add(self);
    this.nodes = java.util.Collections.unmodifiableSet(all);
  }

  static NodeView alone(String self) {
    return new NodeView(self, Set.of());
  }

  String self() {
    return self;
  }

  Set<String> nodes() {
    return nodes;
  }

  boolean alone() {
    return nodes.size() == 1;
  }

  /** The node that owns {@code key}: the highest score of key and node. */
  String owner(String key) {
    if (alone()) {
      return self;
    }
    String best = null;
    long bestScore = Long.MIN_VALUE;
    for (String node : nodes) {
      long score = score(key, node);
      if (best == null || score > bestScore) {
        best = node;
        bestScore = score;
      }
    }
    return best;
  }

  boolean ownsHere(String key) {
    return owner(key).equals(self);
  }

  static String roomKey(String room) {
    return "r:" + room;
  }

  static String userKey(String user) {
    return "u:" + user;
  }

  /** FNV-1a over key, a separator and node, then a final mix: stable across JVMs and versions. */
  static long score(String key, String node) {
    long hash = 0xcbf29ce484222325L;
    for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
      hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
    }
    hash = (hash ^ 0xff) * 0x100000001b3L;
    for (byte b : node.getBytes(StandardCharsets.UTF_8)) {
      hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
    }
    hash ^= hash >>> 33;
    hash *= 0xff51afd7ed558ccdL;
    hash ^= hash >>> 33;
    return hash;
  }
}
