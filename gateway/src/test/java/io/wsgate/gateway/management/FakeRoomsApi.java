package io.wsgate.gateway.management;

import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.wsgate.api.Addresses;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Stands in for the rooms router's API consumer: records each request and answers with canned
 * replies. Room "boom" fails the message, room "garbage" replies with a non-JSON body, user
 * "ghost" and any room but "lobby" (for presence) are unknown.
 */
final class FakeRoomsApi {

  final BlockingQueue<JsonObject> requests = new LinkedBlockingQueue<>();
  private final EventBus eventBus;
  private final String address;
  private MessageConsumer<JsonObject> consumer;

  FakeRoomsApi(EventBus eventBus, String route) {
    this.eventBus = eventBus;
    this.address = Addresses.routeApi(route);
  }

  Future<Void> register() {
    consumer = eventBus.localConsumer(address, this::answer);
    return consumer.completion();
  }

  Future<Void> unregister() {
    return consumer.unregister();
  }

  private void answer(Message<JsonObject> message) {
    JsonObject request = message.body();
    requests.add(request);
    String room = request.getString("room", "");
    switch (request.getString("action")) {
      case "publish" -> {
        if (room.equals("boom")) {
          message.fail(500, "kaput");
        } else if (room.equals("garbage")) {
          message.reply("not a JSON object");
        } else if (room.equals("bad")) {
          message.reply(error(400, "invalid_room", "bad room name"));
        } else {
          message.reply(new JsonObject().put("ok", true).put("room", room).put("seq", 7).put("members", 2));
        }
      }
      case "direct" -> message.reply(request.getString("user").equals("ghost")
          ? error(404, "unknown_user", "no such user")
          : new JsonObject().put("ok", true).put("connections", 1));
      case "rooms" -> message.reply(new JsonObject().put("ok", true).put("rooms",
          new JsonArray().add(new JsonObject().put("room", "lobby").put("users", 2))));
      case "presence" -> message.reply(room.equals("lobby")
          ? new JsonObject().put("ok", true).put("room", room).put("users", new JsonArray().add("alice").add("bob"))
          : error(404, "unknown_room", "no such room"));
      default -> message.reply(error(400, "unknown_action", "?"));
    }
  }

  private static JsonObject error(int status, String code, String text) {
    return new JsonObject().put("ok", false).put("status", status).put("code", code).put("message", text);
  }
}
