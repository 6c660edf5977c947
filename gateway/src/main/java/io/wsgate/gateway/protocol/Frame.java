package io.wsgate.gateway.protocol;

import io.vertx.core.buffer.Buffer;

/**
 * One decoded frame: header flags and the unmasked payload.
 *
 * @param fin the FIN bit
 * @param rsv the three RSV bits, in their byte-0 positions ({@link WebSocketProtocol#B0_MASK_RSV})
 * @param opCode the opcode
 * @param payload the unmasked payload, owned by the receiver
 */
public record Frame(boolean fin, int rsv, OpCode opCode, Buffer payload) {
}
