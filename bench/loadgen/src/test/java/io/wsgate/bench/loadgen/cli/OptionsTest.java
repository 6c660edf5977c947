package io.wsgate.bench.loadgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class OptionsTest {

  @Test
  void theLastValueWinsSoOverridesCanBeAppended() {
    Options options = Options.parse(List.of("--connections", "100", "--duration=10", "--connections", "5"));
    assertEquals(5, options.integer("connections", 1, 1, 1000));
    assertEquals(10.0, options.decimal("duration", 1, 0, 100));
  }

  @Test
  void defaultsApplyAndAreRecorded() {
    Options options = Options.parse(List.of());
    assertEquals("text", options.choice("type", "text", "text", "binary"));
    assertEquals("text", options.effective().getString("type"));
  }

  @Test
  void unknownOptionsAreRejected() {
    Options options = Options.parse(List.of("--conections", "5"));
    options.integer("connections", 1, 1, 10);
    UsageException e = assertThrows(UsageException.class, options::rejectUnknown);
    assertTrue(e.getMessage().contains("--conections"), e.getMessage());
  }

  @Test
  void valuesOutOfRangeAreRejected() {
    Options options = Options.parse(List.of("--size", "8"));
    assertThrows(UsageException.class, () -> options.integer("size", 64, 32, 1024));
    Options badChoice = Options.parse(List.of("--type", "json"));
    assertThrows(UsageException.class, () -> badChoice.choice("type", "text", "text", "binary"));
  }

  @Test
  void aFlagWithoutAValueIsRejected() {
    assertThrows(UsageException.class, () -> Options.parse(List.of("--duration")));
    assertThrows(UsageException.class, () -> Options.parse(List.of("duration", "5")));
  }
}
