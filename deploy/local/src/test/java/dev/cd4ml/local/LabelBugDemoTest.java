package dev.cd4ml.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LabelBugDemoTest {

  @Test
  void twoLabelsTradePlacesInTheLabelColumnOnly() {
    String csv = "id,purpose,defaulted,age\r\n1,no,yes,30\r\n2,car,no,41\r\n3,yes,,52\r\n";
    assertThat(LabelBugDemo.invertLabels(csv, "defaulted"))
        .isEqualTo("id,purpose,defaulted,age\n1,no,no,30\n2,car,yes,41\n3,yes,,52\n");
  }

  @Test
  void moreLabelsAreRotatedSoNoneKeepsItsOwn() {
    String csv = "y,x\na,1\nb,2\nc,3\n";
    assertThat(LabelBugDemo.invertLabels(csv, "y")).isEqualTo("y,x\nb,1\nc,2\na,3\n");
  }

  @Test
  void tablesWithQuotedFieldsAndUnknownLabelsAreRefused() {
    assertThatThrownBy(() -> LabelBugDemo.invertLabels("y,x\na,\"1,5\"\n", "y")).hasMessageContaining("line 2");
    assertThatThrownBy(() -> LabelBugDemo.invertLabels("y,x\na,1\n", "label")).hasMessageContaining("no column label");
  }
}
