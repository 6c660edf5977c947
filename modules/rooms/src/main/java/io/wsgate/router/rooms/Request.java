package io.wsgate.router.rooms;

/**
 * One validated client request. Only the fields of its op are set.
 *
 * @param op what the client asks
 * @param id the client's correlation id (String or Number) to echo, or null
 * @param room join, leave, publish, presence: a valid room name
 * @param to direct: a valid user name
 * @param data publish, direct: the {@code data} value already encoded as JSON (encoded once, the
 *     size limit is checked on it and it is spliced into the outgoing message as is)
 */
record Request(Op op, Object id, String room, String to, String data) {
}
