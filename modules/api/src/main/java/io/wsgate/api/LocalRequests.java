package io.wsgate.api;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Request and reply between verticles of one node, without {@link EventBus#request}. In a
 * clustered Vert.x every {@code request} registers its reply address cluster-wide: two cluster
 * manager writes per request and an update on every node, which at thousands of joins per second
 * slowed a whole cluster to a crawl (docs/cluster.md). Here a context has one node-local reply
 * address, requests carry it in {@link Headers#REPLY_TO} with a {@link Headers#CORRELATION} id,
 * and the responder answers with {@link #reply} or {@link #fail}. Nothing is registered per request.
 */
public final class LocalRequests {

  private static final String CONTEXT_KEY = "wsgate.local-requests";
  private static final String ADDRESS_PREFIX = "wsgate.replies.";

  private final Vertx vertx;
  private final EventBus eventBus;
  private final String address;
  private final AtomicLong ids = new AtomicLong();
  private final Map<Long, Pending> pending = new ConcurrentHashMap<>();

  private record Pending(Promise<Message<Object>> promise, long timer) {
  }

  private LocalRequests(Vertx vertx) {
    this.vertx = vertx;
    this.eventBus = vertx.eventBus();
    this.address = ADDRESS_PREFIX + UUID.randomUUID();
    eventBus.<Object>localConsumer(address, this::onReply);
  }

  /** The requester of the calling context (a verticle's), made on first use: one reply address per context. */
  public static LocalRequests of(Vertx vertx) {
    Context context = vertx.getOrCreateContext();
    LocalRequests requests = context.get(CONTEXT_KEY);
    if (requests == null) {
      requests = new LocalRequests(vertx);
      context.put(CONTEXT_KEY, requests);
    }
    return requests;
  }

  /**
   * Sends {@code body} to {@code target} on this node with {@code options} (which this call
   * completes: local only, reply headers) and completes with the reply. Fails with
   * {@link ReplyFailure#NO_HANDLERS} when nothing consumes {@code target}, with
   * {@link ReplyFailure#TIMEOUT} after {@code timeoutMs}, or with the responder's failure.
   */
  public Future<Message<Object>> request(String target, Object body, DeliveryOptions options, long timeoutMs) {
    long id = ids.incrementAndGet();
    Promise<Message<Object>> promise = Promise.promise();
    long timer = vertx.setTimer(timeoutMs, t -> {
      if (pending.remove(id) != null) {
        promise.tryFail(new ReplyException(ReplyFailure.TIMEOUT, "no reply from " + target + " within " + timeoutMs + " ms"));
      }
    });
    pending.put(id, new Pending(promise, timer));
    options.setLocalOnly(true).addHeader(Headers.REPLY_TO, address).addHeader(Headers.CORRELATION, Long.toString(id));
    eventBus.sender(target, options).write(body).onFailure(e -> {
      Pending failed = pending.remove(id);
      if (failed != null) {
        vertx.cancelTimer(failed.timer());
        failed.promise().tryFail(e);
      }
    });
    return promise.future();
  }

  /** True when the sender of {@code request} waits for an answer (either kind of request). */
  public static boolean expectsReply(Message<?> request) {
    return request.headers().get(Headers.REPLY_TO) != null || request.replyAddress() != null;
  }

  /** Answers a request made with {@link #request}, or with Vert.x's {@code request}. */
  public static void reply(EventBus eventBus, Message<?> request, Object body) {
    String replyTo = request.headers().get(Headers.REPLY_TO);
    if (replyTo == null) {
      if (request.replyAddress() != null) {
        request.reply(body);
      }
      return;
    }
    eventBus.send(replyTo, body, new DeliveryOptions().setLocalOnly(true)
        .addHeader(Headers.CORRELATION, request.headers().get(Headers.CORRELATION)));
  }

  /** Fails a request made with {@link #request}, or with Vert.x's {@code request}. */
  public static void fail(EventBus eventBus, Message<?> request, int code, String message) {
    String replyTo = request.headers().get(Headers.REPLY_TO);
    if (replyTo == null) {
      if (request.replyAddress() != null) {
        request.fail(code, message);
      }
      return;
    }
    eventBus.send(replyTo, message, new DeliveryOptions().setLocalOnly(true)
        .addHeader(Headers.CORRELATION, request.headers().get(Headers.CORRELATION))
        .addHeader(Headers.FAILURE_CODE, Integer.toString(code)));
  }

  private void onReply(Message<Object> reply) {
    String correlation = reply.headers().get(Headers.CORRELATION);
    Pending answered = correlation == null ? null : pending.remove(Long.parseLong(correlation));
    if (answered == null) {
      return; // timed out meanwhile
    }
    vertx.cancelTimer(answered.timer());
    String failure = reply.headers().get(Headers.FAILURE_CODE);
    if (failure != null) {
      answered.promise().fail(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, Integer.parseInt(failure),
          String.valueOf(reply.body())));
    } else {
      answered.promise().complete(reply);
    }
  }
}
