package io.wsgate.gateway.config;

import java.util.List;

/**
 * Cluster mode ({@code cluster.*}): several nodes share one Vert.x event bus through the
 * Hazelcast cluster manager. Off by default; see docs/cluster.md for every key.
 *
 * @param enabled join a cluster at start-up; false runs a single node with no network peers
 * @param name Hazelcast cluster name: only nodes with the same name join each other
 * @param host address Hazelcast binds to and announces; never left to interface autodetection,
 *     which picks the wrong address on multi-homed hosts
 * @param port Hazelcast member port
 * @param publicHost address other members reach this one at (behind NAT), defaults to host
 * @param publicPort port other members reach this one at, defaults to port
 * @param members initial members to join, {@code host:port}; TCP/IP join only (multicast off)
 * @param eventBusHost address the event-bus TCP server binds to and announces
 * @param eventBusPort event-bus TCP port; 0 picks a free one
 * @param eventBusPublicHost address other nodes reach this node's event bus at, defaults to eventBusHost
 * @param eventBusPublicPort port other nodes reach this node's event bus at, 0 = eventBusPort
 * @param memberTimeoutSeconds a member silent this long is declared dead and its event-bus
 *     registrations are dropped (Hazelcast {@code max.no.heartbeat.seconds})
 */
public record ClusterSettings(boolean enabled, String name, String host, int port, String publicHost, int publicPort,
    List<String> members, String eventBusHost, int eventBusPort, String eventBusPublicHost, int eventBusPublicPort,
    int memberTimeoutSeconds) {

  public ClusterSettings {
    members = List.copyOf(members);
  }
}
