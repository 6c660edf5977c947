package io.wsgate.gateway.handshake;

import io.wsgate.gateway.routing.Route;

/**
 * An accepted handshake: what to put in the 101 response and where to route the connection.
 *
 * @param route the route serving the request path
 * @param subprotocol the selected subprotocol, or null when none was agreed
 * @param acceptKey the Sec-WebSocket-Accept value
 */
public record Upgrade(Route route, String subprotocol, String acceptKey) {
}
