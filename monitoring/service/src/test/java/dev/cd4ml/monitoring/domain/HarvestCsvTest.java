package dev.cd4ml.monitoring.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cd4ml.contracts.dataset.ColumnSpec;
import dev.cd4ml.contracts.dataset.ColumnSpec.ColumnType;
import dev.cd4ml.contracts.dataset.DatasetSchema;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HarvestCsvTest {
  static final ObjectMapper JSON = new ObjectMapper();
  // The dataset's own order: id first, the label in the middle, a feature named like a log field.
  static final DatasetSchema SCHEMA = new DatasetSchema(1, List.of(
      new ColumnSpec("id", ColumnType.categorical), new ColumnSpec("age", ColumnType.numeric),
      new ColumnSpec("defaulted", ColumnType.categorical), new ColumnSpec("sex", ColumnType.categorical),
      new ColumnSpec("version", ColumnType.numeric), new ColumnSpec("note", ColumnType.categorical)),
      "defaulted", "id", List.of("sex"));
  static final HarvestLayout LAYOUT = HarvestLayout.of(SCHEMA);

  static JsonNode doc(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aRowHasTheDatasetsColumnsInItsOrderWithTheLabelFromFeedbackAndTheRequestIdAsId() {
    assertThat(LAYOUT.header()).isEqualTo("id,age,defaulted,sex,version,note\n");
    // "version" is a log field of its own (the model version), so the feature is logged as feature_version.
    JsonNode d = doc("{\"requestId\":\"r-1\",\"version\":3,\"age\":41.0,\"actual\":\"yes\",\"prediction\":\"no\","
        + "\"sex\":\"female\",\"feature_version\":2.5,\"note\":\"a, \\\"b\\\"\"}");
    assertThat(LAYOUT.row(d)).isEqualTo("r-1,41,yes,female,2.5,\"a, \"\"b\"\"\"\n");
    assertThat(LAYOUT.sourceFields()).containsExactly("requestId", "actual", "age", "sex", "feature_version", "note");
  }

  @Test
  void absentAndNullValuesAreEmptyCellsAndNumbersReadBackAsTheSameDouble() {
    JsonNode d = doc("{\"requestId\":\"r-2\",\"actual\":\"no\",\"age\":null,\"feature_version\":1.0E-7}");
    assertThat(LAYOUT.row(d)).isEqualTo("r-2,,no,,1.0E-7,\n");
    assertThat(HarvestLayout.cell(doc("48213.52"))).isEqualTo("48213.52");
    assertThat(HarvestLayout.cell(doc("12"))).isEqualTo("12");
    assertThat(HarvestLayout.cell(doc("-3.0"))).isEqualTo("-3");
    assertThat(Double.parseDouble(HarvestLayout.cell(doc("0.1")))).isEqualTo(0.1);
  }

  @Test
  void windowWritesTheHeaderAndEachRequestOnceInTheOrderGiven() throws IOException {
    StringWriter out = new StringWriter();
    out.write(LAYOUT.header());
    List<JsonNode> rows = List.of(
        doc("{\"requestId\":\"a\",\"actual\":\"no\",\"age\":30}"),
        doc("{\"requestId\":\"b\",\"actual\":\"yes\",\"age\":31}"),
        doc("{\"requestId\":\"b\",\"actual\":\"yes\",\"age\":31}"), // the log indexed it twice
        doc("{\"requestId\":\"c\",\"actual\":\"no\",\"age\":32}"));
    long n = HarvestCsv.rows(LAYOUT, rows.iterator(), out);
    assertThat(n).isEqualTo(3);
    assertThat(out.toString()).isEqualTo("id,age,defaulted,sex,version,note\na,30,no,,,\nb,31,yes,,,\nc,32,no,,,\n");
  }

  @Test
  void appendCopiesTheParentAsItIsThenWritesRowsInTheParentsColumnOrder() throws IOException {
    // The parent's header lists the columns in another order than the schema, and its last line has no line break.
    byte[] parent = "age,id,sex,defaulted,version,note\r\n40,7,male,no,1,\r\n41,8,female,yes,2,x".getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<String> header = HarvestCsv.copyParent(new ByteArrayInputStream(parent), out);
    assertThat(header).containsExactly("age", "id", "sex", "defaulted", "version", "note");
    HarvestLayout ordered = LAYOUT.inOrderOf(header);
    OutputStreamWriter w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
    HarvestCsv.rows(ordered, List.of(doc("{\"requestId\":\"r-9\",\"actual\":\"yes\",\"age\":50,\"sex\":\"male\"}")).iterator(), w);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .isEqualTo("age,id,sex,defaulted,version,note\r\n40,7,male,no,1,\r\n41,8,female,yes,2,x\n50,r-9,male,yes,,\n");
  }

  @Test
  void appendRefusesAParentWhoseHeaderIsNotTheSchemas() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<String> header = HarvestCsv.copyParent(new ByteArrayInputStream("\uFEFFid,age\n1,2\n".getBytes(StandardCharsets.UTF_8)), out);
    assertThat(header).containsExactly("id", "age");
    assertThatThrownBy(() -> LAYOUT.inOrderOf(header)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HarvestCsv.copyParent(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream()))
        .isInstanceOf(IOException.class);
  }

  @Test
  void theSameDocumentsGiveTheSameBytes() throws IOException {
    List<JsonNode> rows = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      rows.add(doc("{\"requestId\":\"r" + i + "\",\"actual\":\"no\",\"age\":" + (20 + i * 0.5) + "}"));
    }
    StringWriter a = new StringWriter();
    StringWriter b = new StringWriter();
    HarvestCsv.rows(LAYOUT, rows.iterator(), a);
    HarvestCsv.rows(LAYOUT, rows.iterator(), b);
    assertThat(a.toString()).isEqualTo(b.toString()).hasLineCount(50);
  }
}
