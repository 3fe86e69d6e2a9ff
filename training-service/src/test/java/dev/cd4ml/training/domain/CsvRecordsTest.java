package dev.cd4ml.training.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class CsvRecordsTest {
  @Test
  void readsQuotedFieldsCrLfAndEmptyCells() throws IOException {
    CsvRecords csv = new CsvRecords(new StringReader("a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\r\n\"multi\nline\",,z\n\n1,2,3"));
    assertThat(csv.next()).containsExactly("a", "b", "c");
    assertThat(csv.next()).containsExactly("x, y", "say \"hi\"", "");
    assertThat(csv.recordLine()).isEqualTo(2);
    assertThat(csv.next()).containsExactly("multi\nline", "", "z");
    assertThat(csv.next()).containsExactly("1", "2", "3");
    assertThat(csv.recordLine()).isEqualTo(6);
    assertThat(csv.next()).isNull();
  }

  @Test
  void anUnterminatedQuoteIsAnError() {
    CsvRecords csv = new CsvRecords(new StringReader("a,b\n\"open,2\n"));
    assertThatThrownBy(() -> {
      csv.next();
      csv.next();
    }).isInstanceOf(IOException.class).hasMessageContaining("line 2");
  }
}
