package io.wsgate.gateway.protocol;

import io.vertx.core.buffer.Buffer;
import io.wsgate.api.MessageType;

/** Receives complete, validated messages from {@link MessageAssembler}. */
public interface MessageListener {

  /** One whole message; text payloads are valid UTF-8. The receiver owns the payload. */
  void onMessage(MessageType type, Buffer payload);
}
