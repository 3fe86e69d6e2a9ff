package dev.cd4ml.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cd4ml.cli.Api;
import dev.cd4ml.cli.Csv;
import java.io.BufferedReader;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class CheckRowsTest {
  @Test
  void turnsCsvRowsIntoRequestsFollowingTheSignature() throws Exception {
    var signature = Api.JSON.readTree("""
        {"labelColumn": "defaulted", "features": [
          {"name": "income", "type": "numeric"}, {"name": "purpose", "type": "categorical", "categories": ["car", "home"]}]}""");
    String csv = "id,income,purpose,defaulted\r\n1,52000.5,\"car\",yes\n2,,\"home, new\",no\n3,1\n";
    CheckRows rows = CheckRows.from(Csv.read(new BufferedReader(new StringReader(csv)), 100), signature);
    assertThat(rows.size()).isEqualTo(2);
    assertThat(rows.features().get(0)).containsEntry("income", 52000.5).containsEntry("purpose", "car").doesNotContainKey("id");
    assertThat(rows.features().get(1)).containsEntry("income", null).containsEntry("purpose", "home, new");
    assertThat(rows.labels()).containsExactly("yes", "no");
  }
}
