package io.wsgate.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Request and reply on one node without a reply address per request. */
@ExtendWith(VertxExtension.class)
class LocalRequestsTest {

  /** Makes a request on a context of {@code vertx} (as a verticle would) and waits for its outcome. */
  private static Message<Object> request(Vertx vertx, String address, Object body, long timeoutMs) throws Exception {
    return onContext(vertx, requests -> requests.request(address, body, new DeliveryOptions(), timeoutMs));
  }

  private static Message<Object> onContext(Vertx vertx, Function<LocalRequests, Future<Message<Object>>> call)
      throws Exception {
    CompletableFuture<Message<Object>> outcome = new CompletableFuture<>();
    vertx.getOrCreateContext().runOnContext(v -> call.apply(LocalRequests.of(vertx)).onComplete(ar -> {
      if (ar.succeeded()) {
        outcome.complete(ar.result());
      } else {
        outcome.completeExceptionally(ar.cause());
      }
    }));
    try {
      return outcome.get(5, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw (Exception) e.getCause();
    }
  }

  @Test
  void theAnswerComesBackWithItsBody(Vertx vertx) throws Exception {
    vertx.eventBus().<String>localConsumer("svc", m -> {
      assertNull(m.replyAddress(), "no Vert.x reply address is registered");
      LocalRequests.reply(vertx.eventBus(), m, m.body() + "!");
    });
    assertEquals("hi!", request(vertx, "svc", "hi", 1000).body());
  }

  @Test
  void aFailureCarriesItsCodeAndMessage(Vertx vertx) {
    vertx.eventBus().localConsumer("svc", m -> LocalRequests.fail(vertx.eventBus(), m, 404, "connection is closing"));
    ReplyException e = assertInstanceOf(ReplyException.class,
        org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> request(vertx, "svc", null, 1000)));
    assertEquals(ReplyFailure.RECIPIENT_FAILURE, e.failureType());
    assertEquals(404, e.failureCode());
    assertEquals("connection is closing", e.getMessage());
  }

  @Test
  void nobodyListeningFailsAtOnceWithNoHandlers(Vertx vertx) {
    ReplyException e = assertInstanceOf(ReplyException.class,
        org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> request(vertx, "nobody", null, 60_000)));
    assertEquals(ReplyFailure.NO_HANDLERS, e.failureType());
  }

  @Test
  void noAnswerTimesOut(Vertx vertx) {
    vertx.eventBus().localConsumer("silent", m -> { });
    ReplyException e = assertInstanceOf(ReplyException.class,
        org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> request(vertx, "silent", null, 100)));
    assertEquals(ReplyFailure.TIMEOUT, e.failureType());
  }

  @Test
  void theResponderAlsoAnswersVertxRequests(Vertx vertx) throws Exception {
    vertx.eventBus().<String>localConsumer("svc", m -> LocalRequests.reply(vertx.eventBus(), m, "plain"));
    Message<Object> reply = vertx.eventBus().request("svc", "x").toCompletionStage().toCompletableFuture()
        .get(5, TimeUnit.SECONDS);
    assertEquals("plain", reply.body());
  }

  @Test
  void aContextKeepsOneRequester(Vertx vertx) throws Exception {
    CompletableFuture<Boolean> same = new CompletableFuture<>();
    vertx.getOrCreateContext().runOnContext(v -> same.complete(LocalRequests.of(vertx) == LocalRequests.of(vertx)));
    assertEquals(true, same.get(5, TimeUnit.SECONDS));
    assertNotNull(LocalRequests.of(vertx));
  }
}
