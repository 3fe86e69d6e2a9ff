package dev.cd4ml.contracts.csv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class CsvWriterTest {
  @Test
  void whatItWritesReadsBackFieldForField() throws IOException {
    String[] fields = {"plain", "a, b", "say \"hi\"", "two\r\nlines", "", " padded "};
    String written = CsvWriter.record(fields);
    assertEquals("plain,\"a, b\",\"say \"\"hi\"\"\",\"two\r\nlines\",, padded \n", written);
    CsvReader in = new CsvReader(new StringReader(written + written));
    assertArrayEquals(fields, in.next());
    assertArrayEquals(fields, in.next());
    assertNull(in.next());
  }
}
