package dev.cd4ml.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cd4ml.cli.Api;
import dev.cd4ml.cli.CliFailure;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class CheckRowsTest {
  private static final String SIGNATURE = """
      {"labelColumn": "defaulted", "features": [
        {"name": "income", "type": "numeric"}, {"name": "purpose", "type": "categorical", "categories": ["car", "home"]}]}""";

  @Test
  void turnsCsvRowsIntoRequestsFollowingTheSignature() throws Exception {
    var signature = Api.JSON.readTree(SIGNATURE);
    String csv = "id,income,purpose,defaulted\r\n1,52000.5,\"car\",yes\n2,,\"home, new\",no\n3,1\n";
    CheckRows rows = CheckRows.from(new StringReader(csv), signature, 100);
    assertThat(rows.size()).isEqualTo(2);
    assertThat(rows.features().get(0)).containsEntry("income", 52000.5).containsEntry("purpose", "car").doesNotContainKey("id");
    assertThat(rows.features().get(1)).containsEntry("income", null).containsEntry("purpose", "home, new");
    assertThat(rows.labels()).containsExactly("yes", "no");
  }

  @Test
  void readsCellsAsTrainingDidEveryMissingSpellingExponentsAndBlanks() throws Exception {
    var signature = Api.JSON.readTree(SIGNATURE);
    String csv = "id,income,purpose,defaulted\n1,NA,N/A,yes\n2,1e3, home ,no\n3,-2.5E-2,nan, yes \n4,NULL,null,\n5,1,car,no\n";
    CheckRows rows = CheckRows.from(new StringReader(csv), signature, 3);
    assertThat(rows.size()).isEqualTo(3);
    assertThat(rows.features().get(0)).containsEntry("income", null).containsEntry("purpose", null);
    assertThat(rows.features().get(1)).containsEntry("income", 1000.0).containsEntry("purpose", "home");
    assertThat(rows.features().get(2)).containsEntry("income", -0.025).containsEntry("purpose", null);
    assertThat(rows.labels()).containsExactly("yes", "no", "yes");

    assertThatThrownBy(() -> CheckRows.from(new StringReader("income,purpose,defaulted\n0x10,car,no\n"), signature, 5))
        .isInstanceOf(CliFailure.class).hasMessageContaining("line 2").hasMessageContaining("'0x10' is not a number");
  }
}
