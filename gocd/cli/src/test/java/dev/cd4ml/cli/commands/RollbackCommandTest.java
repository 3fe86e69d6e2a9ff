package dev.cd4ml.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cd4ml.cli.Api;
import org.junit.jupiter.api.Test;

class RollbackCommandTest {
  @Test
  void picksTheLatestOtherVersionThatWasInProduction() throws Exception {
    var history = Api.JSON.readTree("""
        [{"version": 1, "from": "staging", "to": "production", "at": "2026-11-20T10:00:00Z"},
         {"version": 2, "from": "staging", "to": "production", "at": "2026-11-21T10:00:00Z"},
         {"version": 1, "from": "production", "to": "archived", "at": "2026-11-21T10:00:00Z"},
         {"version": 3, "from": "staging", "to": "production", "at": "2026-11-22T10:00:00Z"},
         {"version": 2, "from": "production", "to": "archived", "at": "2026-11-22T10:00:00Z"}]""");
    assertThat(RollbackCommand.previousProduction(history, 3)).isEqualTo(2);
    assertThat(RollbackCommand.previousProduction(history, 2)).isEqualTo(3);
  }

  @Test
  void noEarlierProductionVersionGivesNothing() throws Exception {
    var history = Api.JSON.readTree("[{\"version\": 1, \"from\": \"staging\", \"to\": \"production\", \"at\": \"x\"}]");
    assertThat(RollbackCommand.previousProduction(history, 1)).isNull();
  }
}
