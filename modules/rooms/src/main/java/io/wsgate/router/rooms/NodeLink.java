package io.wsgate.router.rooms;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.wsgate.api.Groups;
import io.wsgate.api.Headers;
import io.wsgate.api.MessageType;
import io.wsgate.api.PayloadCodec;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The rooms routers of one route talking to each other: requests to a key's owner, and encoded
 * messages from an owner to the nodes with members, each published there to a local gateway
 * group. One cluster-wide address per route and node, {@code wsgate.rooms.<route>.node.<id>}.
 * A request to this node itself is a direct call: a single node never touches the event bus for
 * its own state, and the order of requests is the order of calls.
 */
final class NodeLink {

  /** Header of an owner → member delivery: the local group to publish to. */
  private static final String GROUP = "wsgate-rooms-group";
  /** Header of a room delivery: room and seq, so members know the last seq on a change of owner. */
  private static final String ROOM = "wsgate-rooms-room";
  private static final String SEQ = "wsgate-rooms-seq";
  /** Headers of a presence event delivery, so members keep the room's user list. */
  private static final String EVENT = "wsgate-rooms-event";
  private static final String USER = "wsgate-rooms-user";
  /** Fields of a request to another node and of its answer. */
  private static final String REQUEST_ID = "rid";
  private static final String REPLY_NODE = "replyTo";
  private static final String ANSWERS = "answers";

  private final Vertx vertx;
  private final EventBus eventBus;
  private final String prefix;
  private final String self;
  private final long timeoutMs;
  private final Groups groups;
  private final LocalMemberships local;
  private Function<JsonObject, JsonObject> owner;
  /** Requests to other nodes waiting for their answer, by id; event-loop only. */
  private final Map<Long, Waiting> waiting = new HashMap<>();
  private long lastRequestId;

  private record Waiting(Promise<JsonObject> answer, long timer) {
  }

  NodeLink(Vertx vertx, String route, String self, long timeoutMs, LocalMemberships local) {
    this.vertx = vertx;
    this.eventBus = vertx.eventBus();
    this.prefix = "wsgate.rooms." + route + ".node.";
    this.self = self;
    this.timeoutMs = timeoutMs;
    this.groups = new Groups(eventBus);
    this.local = local;
  }

  /** Registers this node's address (cluster-wide, only when clustered); {@code owner} answers requests. */
  Future<Void> start(Function<JsonObject, JsonObject> owner) {
    this.owner = owner;
    if (!vertx.isClustered()) {
      return Future.succeededFuture();
    }
    return eventBus.consumer(prefix + self, this::onMessage).completion();
  }

  /**
   * A request to the owner {@code node}; fails after the timeout when it does not answer. Not
   * Vert.x's {@code request}, which would register a reply address cluster-wide per call: the
   * answer comes back to this node's own address, matched by a request id.
   */
  Future<JsonObject> request(String node, JsonObject request) {
    if (node.equals(self)) {
      return Future.succeededFuture(owner.apply(request));
    }
    long id = ++lastRequestId;
    Promise<JsonObject> answer = Promise.promise();
    long timer = vertx.setTimer(timeoutMs, t -> {
      if (waiting.remove(id) != null) {
        answer.fail(new ReplyException(ReplyFailure.TIMEOUT, "no answer from rooms node " + node + " within "
            + timeoutMs + " ms"));
      }
    });
    waiting.put(id, new Waiting(answer, timer));
    eventBus.send(prefix + node, request.put(REQUEST_ID, id).put(REPLY_NODE, self));
    return answer.future();
  }

  /** A one-way message to the owner {@code node}. */
  void send(String node, JsonObject message) {
    if (node.equals(self)) {
      owner.apply(message);
    } else {
      eventBus.send(prefix + node, message);
    }
  }

  /** Has {@code node} publish {@code payload} to its local {@code group}; {@code room} null for non-room messages. */
  void deliver(String node, String group, Buffer payload, String excludeConnectionId, String room, long seq) {
    if (node.equals(self)) {
      deliverHere(group, payload, excludeConnectionId, room, seq);
      return;
    }
    eventBus.send(prefix + node, payload, deliveryOptions(group, excludeConnectionId, room, seq));
  }

  /** Like {@link #deliver} for a presence event: the member nodes also update the room's user list. */
  void deliverPresence(String node, String group, Buffer payload, String excludeConnectionId, String room,
      String event, String user) {
    if (node.equals(self)) {
      local.presence(room, event, user);
      groups.publish(group, MessageType.TEXT, payload, excludeConnectionId);
      return;
    }
    eventBus.send(prefix + node, payload, deliveryOptions(group, excludeConnectionId, null, 0)
        .addHeader(ROOM, room).addHeader(EVENT, event).addHeader(USER, user));
  }

  private static DeliveryOptions deliveryOptions(String group, String excludeConnectionId, String room, long seq) {
    DeliveryOptions options = new DeliveryOptions().setCodecName(PayloadCodec.NAME).addHeader(GROUP, group);
    if (excludeConnectionId != null) {
      options.addHeader(Headers.EXCLUDE, excludeConnectionId);
    }
    if (room != null) {
      options.addHeader(ROOM, room).addHeader(SEQ, Long.toString(seq));
    }
    return options;
  }

  private void onMessage(Message<Object> message) {
    Object body = message.body();
    if (body instanceof JsonObject) {
      JsonObject json = (JsonObject) body;
      Long answers = json.getLong(ANSWERS);
      if (answers != null) {
        Waiting request = waiting.remove(answers);
        if (request != null) {
          vertx.cancelTimer(request.timer());
          request.answer().complete(json);
        }
        return;
      }
      JsonObject reply = owner.apply(json);
      Long id = json.getLong(REQUEST_ID);
      String from = json.getString(REPLY_NODE);
      if (reply != null && id != null && from != null) {
        eventBus.send(prefix + from, reply.put(ANSWERS, id));
      }
    } else if (body instanceof Buffer && message.headers().get(EVENT) != null) {
      local.presence(message.headers().get(ROOM), message.headers().get(EVENT), message.headers().get(USER));
      groups.publish(message.headers().get(GROUP), MessageType.TEXT, (Buffer) body, message.headers().get(Headers.EXCLUDE));
    } else if (body instanceof Buffer && message.headers().get(GROUP) != null) {
      String seq = message.headers().get(SEQ);
      deliverHere(message.headers().get(GROUP), (Buffer) body, message.headers().get(Headers.EXCLUDE),
          message.headers().get(ROOM), seq == null ? 0 : Long.parseLong(seq));
    }
  }

  private void deliverHere(String group, Buffer payload, String excludeConnectionId, String room, long seq) {
    if (room != null) {
      local.delivered(room, seq);
    }
    groups.publish(group, MessageType.TEXT, payload, excludeConnectionId);
  }
}
