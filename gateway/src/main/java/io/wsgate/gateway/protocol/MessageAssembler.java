package io.wsgate.gateway.protocol;

import io.vertx.core.buffer.Buffer;
import io.wsgate.api.MessageType;
import java.util.function.Consumer;

/**
 * Joins data frames into messages (RFC 6455 §5.4) and enforces the message rules: continuation
 * order, the message size limit, and UTF-8 for text, checked as bytes arrive so a bad message
 * fails before it is complete (§8.1). Control frames interleaved between fragments do not pass
 * through here, so they cannot disturb an open message.
 */
public final class MessageAssembler {

  private final long maxMessageSize;
  private final MessageListener listener;
  private final Utf8Validator utf8 = new Utf8Validator();

  /** The type of the open message, or null between messages. */
  private MessageType type;
  private boolean finalFrame;
  private long size;
  /** The first chunk is kept as is; a second one starts an accumulating copy. */
  private Buffer first;
  private Buffer joined;

  public MessageAssembler(long maxMessageSize, MessageListener listener) {
    this.maxMessageSize = maxMessageSize;
    this.listener = listener;
  }

  /**
   * What to give the {@link FrameParser}: its data frames come here, its control frames go to
   * {@code controlFrames}.
   */
  public FrameListener frames(Consumer<Frame> controlFrames) {
    return new FrameListener() {
      @Override
      public void onDataFrameStart(boolean fin, int rsv, OpCode opCode, long payloadLength) {
        MessageAssembler.this.onDataFrameStart(fin, opCode, payloadLength);
      }

      @Override
      public void onDataPayload(Buffer chunk) {
        MessageAssembler.this.onDataPayload(chunk);
      }

      @Override
      public void onDataFrameEnd() {
        MessageAssembler.this.onDataFrameEnd();
      }

      @Override
      public void onControlFrame(Frame frame) {
        controlFrames.accept(frame);
      }
    };
  }

  /** Whether a fragmented message has started and not finished. */
  public boolean isMessageOpen() {
    return type != null;
  }

  public void onDataFrameStart(boolean fin, OpCode opCode, long payloadLength) {
    if (opCode == OpCode.CONTINUATION) {
      if (type == null) {
        throw new ProtocolException("continuation frame with no message open (RFC 6455 §5.4)");
      }
    } else {
      if (type != null) {
        throw new ProtocolException("new data frame while a fragmented message is open (RFC 6455 §5.4)");
      }
      type = opCode == OpCode.TEXT ? MessageType.TEXT : MessageType.BINARY;
    }
    if (payloadLength > maxMessageSize - size) {
      throw new MessageTooBigException("message of more than " + maxMessageSize + " bytes (RFC 6455 §10.4)");
    }
    finalFrame = fin;
  }

  public void onDataPayload(Buffer chunk) {
    if (type == MessageType.TEXT && !utf8.feed(chunk)) {
      throw new InvalidPayloadException("text message is not valid UTF-8 (RFC 6455 §8.1)");
    }
    size += chunk.length();
    if (first == null) {
      first = chunk;
    } else {
      if (joined == null) {
        joined = Buffer.buffer((int) Math.min(maxMessageSize, 2L * (first.length() + chunk.length())));
        joined.appendBuffer(first);
      }
      joined.appendBuffer(chunk);
    }
  }

  public void onDataFrameEnd() {
    if (!finalFrame) {
      return;
    }
    if (type == MessageType.TEXT && !utf8.isComplete()) {
      throw new InvalidPayloadException("text message ends inside a UTF-8 sequence (RFC 6455 §8.1)");
    }
    Buffer payload = joined != null ? joined : first != null ? first : Buffers.empty();
    MessageType done = type;
    type = null;
    size = 0;
    first = null;
    joined = null;
    utf8.reset();
    listener.onMessage(done, payload);
  }
}
