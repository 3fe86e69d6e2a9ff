package dev.cd4ml.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cd4ml.contracts.csv.CsvReader;
import dev.cd4ml.contracts.split.Split;
import dev.cd4ml.contracts.split.SplitSpec;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeldOutRowsTest {
  private static String csv() {
    StringBuilder b = new StringBuilder("\uFEFFid,\"note, text\",class\r\n");
    for (int i = 0; i < 300; i++) {
      String label = i % 10 == 0 ? "rare" : i % 3 == 0 ? "b" : "a";
      b.append(i).append(",\"line ").append(i).append("\nwith \"\"quotes\"\", and commas\",").append(' ').append(label)
          .append(i == 150 ? "\r\n\r\n" : "\r\n");
    }
    return b.toString();
  }

  @Test
  void theCheckSetHoldsExactlyTheRowsTheSharedSplitHeldOutWithTheirFieldsIntact() throws Exception {
    List<String> labels = HeldOutRows.labels(new StringReader(csv()), "class");
    assertThat(labels).hasSize(300).startsWith("rare", "a", "a", "b");
    SplitSpec spec = new SplitSpec(0.2, true);
    boolean[] heldOut = HeldOutRows.heldOut(labels, spec, 42);
    StringWriter out = new StringWriter();
    HeldOutRows.write(new StringReader(csv()), out, heldOut);

    Split split = Split.of(300, spec, 42, labels::get);
    CsvReader back = new CsvReader(new StringReader(out.toString()));
    assertThat(back.next()).containsExactly("id", "note, text", "class");
    List<Integer> ids = new ArrayList<>();
    for (String[] row = back.next(); row != null; row = back.next()) {
      int id = Integer.parseInt(row[0]);
      ids.add(id);
      assertThat(row[1]).isEqualTo("line " + id + "\nwith \"quotes\", and commas");
    }
    assertThat(ids).containsExactlyElementsOf(java.util.Arrays.stream(split.test()).boxed().toList());
    assertThat(ids).doesNotContainAnyElementsOf(java.util.Arrays.stream(split.train()).boxed().toList());
    // stratified: the rare class keeps its share (30 rows → 6 held out)
    assertThat(ids.stream().filter(i -> i % 10 == 0).count()).isEqualTo(6);
    // deterministic: the same data and seed give the same check rows, another seed others
    assertThat(HeldOutRows.heldOut(labels, spec, 42)).isEqualTo(heldOut);
    assertThat(HeldOutRows.heldOut(labels, spec, 43)).isNotEqualTo(heldOut);
  }
}
