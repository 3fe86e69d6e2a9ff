package dev.cd4ml.serving.domain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class CsvReaderTest {
  @Test
  void readsQuotedFieldsEmptyCellsAndLineEndings() throws IOException {
    CsvReader r = new CsvReader(new StringReader("a,b,c\r\n1,\"x, \"\"y\"\"\",\n\n2,\"multi\nline\",z\n3,,"));
    assertArrayEquals(new String[] {"a", "b", "c"}, r.next());
    assertEquals(1, r.recordLine());
    assertArrayEquals(new String[] {"1", "x, \"y\"", ""}, r.next());
    assertEquals(2, r.recordLine());
    assertArrayEquals(new String[] {"2", "multi\nline", "z"}, r.next());
    assertEquals(4, r.recordLine());
    assertArrayEquals(new String[] {"3", "", ""}, r.next());
    assertEquals(6, r.recordLine());
    assertNull(r.next());
  }

  @Test
  void unterminatedQuoteIsAnError() {
    CsvReader r = new CsvReader(new StringReader("a\n\"open"));
    assertThrows(IOException.class, () -> {
      r.next();
      r.next();
    });
  }
}
