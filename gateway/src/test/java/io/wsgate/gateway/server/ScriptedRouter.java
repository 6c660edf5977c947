package io.wsgate.gateway.server;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.wsgate.api.Codecs;
import io.wsgate.api.Connections;
import io.wsgate.api.Event;
import io.wsgate.api.Groups;
import io.wsgate.api.Inbound;
import io.wsgate.api.MessageBatch;
import io.wsgate.api.RouterConfig;

/**
 * A test router loaded by class name, driven by the client's text: "close CODE REASON" asks the
 * gateway to close the connection, "open?" answers with the open event's headers, "flood N SIZE"
 * sends N binary messages of SIZE bytes, "join G" / "leave G" change group membership and answer
 * "joined G" / "left G" once the gateway confirmed, "publish G TEXT" publishes to a group,
 * "others G TEXT" publishes to it without the sender. Anything else is echoed.
 */
public final class ScriptedRouter extends VerticleBase {

  private final java.util.Map<String, String> openHeaders = new java.util.HashMap<>();

  @Override
  public Future<?> start() {
    RouterConfig config = RouterConfig.from(config());
    Codecs.register(vertx);
    Connections connections = new Connections(vertx.eventBus());
    Groups groups = new Groups(vertx.eventBus());
    String batchSizesTo = config.options().getString("batchSizesTo");
    return vertx.eventBus().localConsumer(config.address(), message -> {
      if (batchSizesTo != null && message.body() instanceof MessageBatch) {
        vertx.eventBus().send(batchSizesTo, ((MessageBatch) message.body()).size());
      }
      Inbound.each(message, in -> onEvent(config, connections, groups, in));
    }).completion();
  }

  private void onEvent(RouterConfig config, Connections connections, Groups groups, Inbound in) {
    String id = in.connectionId();
    if (in.event() == Event.OPEN) {
      StringBuilder seen = new StringBuilder();
      in.headers().forEach(h -> seen.append(h.getKey()).append('=').append(h.getValue()).append('\n'));
      openHeaders.put(id, seen.toString());
      return;
    }
    if (in.event() == Event.CLOSE) {
      String option = config.options().getString("closeEventsTo");
      if (option != null) {
        vertx.eventBus().send(option, id + " " + in.closeCode());
      }
      openHeaders.remove(id);
      return;
    }
    if (in.event() != Event.MESSAGE) {
      return;
    }
    String text = in.payload().toString();
    String[] words = text.split(" ", 3);
    if (words[0].equals("close")) {
      connections.close(id, Integer.parseInt(words[1]), words.length > 2 ? words[2] : "");
    } else if (words[0].equals("open?")) {
      connections.sendText(id, openHeaders.getOrDefault(id, ""));
    } else if (words[0].equals("join")) {
      connections.join(id, words[1]).onSuccess(v -> connections.sendText(id, "joined " + words[1]));
    } else if (words[0].equals("leave")) {
      connections.leave(id, words[1]).onSuccess(v -> connections.sendText(id, "left " + words[1]));
    } else if (words[0].equals("publish")) {
      groups.publishText(words[1], words[2]);
    } else if (words[0].equals("others")) {
      groups.publish(words[1], io.wsgate.api.MessageType.TEXT, Buffer.buffer(words[2]), id);
    } else if (words[0].equals("flood")) {
      int count = Integer.parseInt(words[1]);
      Buffer chunk = Buffer.buffer(new byte[Integer.parseInt(words[2])]);
      for (int i = 0; i < count; i++) {
        connections.sendBinary(id, chunk);
      }
    } else {
      connections.send(id, in.type(), in.payload());
    }
  }
}
