package io.wsgate.bench.loadgen.rooms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.wsgate.bench.loadgen.Main;
import io.wsgate.bench.loadgen.cli.Options;
import io.wsgate.bench.loadgen.report.RunReport;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rooms mode end to end against {@link FakeRoomsServer}: everything verified, nothing lost. */
class RoomsModeTest {

  @Test
  void everyMemberGetsEveryPublishOfItsRoom() throws Exception {
    try (FakeRoomsServer server = new FakeRoomsServer()) {
      RunReport report = Main.runMode("rooms", Options.parse(List.of(
          "--port", Integer.toString(server.port()), "--rooms", "4", "--members", "5", "--publishers", "2",
          "--warmup", "0.2", "--duration", "1")));

      JsonObject json = report.json();
      assertTrue(report.ok(), json.encodePrettily());
      JsonObject figures = json.getJsonObject("figures");
      assertTrue(figures.getLong("deliveries") > 0, figures.encode());
      assertEquals(0, figures.getLong("lost"));
      assertTrue(figures.getLong("selfDeliveries") > 0, "the fake server includes the sender, like the rooms router");
      assertTrue(json.getJsonObject("latency").getLong("count") > 0);
    }
  }

  @Test
  void fixedRatePublishingVerifiesToo() throws Exception {
    try (FakeRoomsServer server = new FakeRoomsServer()) {
      RunReport report = Main.runMode("rooms", Options.parse(List.of(
          "--port", Integer.toString(server.port()), "--rooms", "3", "--members", "4", "--rate", "200",
          "--warmup", "0.2", "--duration", "1")));

      assertTrue(report.ok(), report.json().encodePrettily());
      long published = report.json().getJsonObject("figures").getLong("publishesPerSec");
      assertTrue(published > 300 && published < 900, "3 publishers at 200/s, got " + published);
    }
  }
}
