package io.wsgate.gateway.server;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryContext;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageCodec;

/**
 * Lets a connection wait until its router has handled every message already handed to it, so a
 * reply to a message the client sent just before its Close goes out before the server's Close
 * (RFC 6455 §5.5.1 allows that delay; conformance suites expect it).
 *
 * <p>The connection sends {@link #TOKEN} to the router's address with {@code request}. An inbound
 * interceptor answers it on the router's own context, in order with the router's handler calls,
 * so the answer follows every reply the router sent while handling earlier messages; the router
 * itself never sees the token. With several router instances only one receives the token, so
 * the guarantee holds for single-instance routes.
 */
public enum RouterBarrier {
  TOKEN;

  private static final String CODEC_NAME = "wsgate.barrier";

  /** Registers the codec and the interceptor; once per Vert.x instance. */
  public static synchronized void install(EventBus eventBus) {
    try {
      eventBus.registerDefaultCodec(RouterBarrier.class, new Codec());
    } catch (IllegalStateException alreadyInstalled) {
      return;
    }
    eventBus.addInboundInterceptor(RouterBarrier::intercept);
  }

  private static void intercept(DeliveryContext<Object> delivery) {
    // An identity check on the (already decoded, local) body: no header lookup per message.
    if (delivery.body() == TOKEN) {
      delivery.message().reply(null);
    } else {
      delivery.next();
    }
  }

  /** Local only: the token never crosses nodes. */
  private static final class Codec implements MessageCodec<RouterBarrier, RouterBarrier> {

    @Override
    public void encodeToWire(Buffer buffer, RouterBarrier token) {
      throw new UnsupportedOperationException("the router barrier is local to a node");
    }

    @Override
    public RouterBarrier decodeFromWire(int pos, Buffer buffer) {
      throw new UnsupportedOperationException("the router barrier is local to a node");
    }

    @Override
    public RouterBarrier transform(RouterBarrier token) {
      return token;
    }

    @Override
    public String name() {
      return CODEC_NAME;
    }

    @Override
    public byte systemCodecID() {
      return -1;
    }
  }
}
