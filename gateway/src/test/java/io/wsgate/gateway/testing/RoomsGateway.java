package io.wsgate.gateway.testing;

import io.wsgate.gateway.interop.GatewayProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Starts the fat jar with a {@code /rooms} route and the publish API on, for the rooms ITs. */
public final class RoomsGateway {

  public static final String SENDER = "ops-bot";

  private RoomsGateway() {
  }

  /** A fresh random API key, passed through {@code WSGATE_API_KEY} like an operator would. */
  public static String newKey() {
    return "it-" + UUID.randomUUID();
  }

  public static GatewayProcess start(String name, Path dir, String apiKey) throws IOException {
    Path config = dir.resolve("rooms-gateway.yaml");
    Files.writeString(config, String.join("\n",
        "routes:",
        "  - path: /rooms",
        "    router: rooms",
        "api:",
        "  route: rooms",
        "  sender: " + SENDER,
        ""));
    return GatewayProcess.start(name, List.of("--config", config.toString()), Map.of("WSGATE_API_KEY", apiKey));
  }
}
