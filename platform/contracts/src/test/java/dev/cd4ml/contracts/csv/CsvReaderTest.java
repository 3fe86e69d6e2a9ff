package dev.cd4ml.contracts.csv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class CsvReaderTest {
  @Test
  void readsQuotedFieldsDoubledQuotesEmptyCellsAndBothLineEndings() throws IOException {
    CsvReader r = new CsvReader(new StringReader(
        "a,b,c\r\n1,\"x, \"\"y\"\"\",\n\n2,\"multi\r\nline\",z\r\n\r\n3,,\n\"\",\"\"\"\",\",\""));
    assertArrayEquals(new String[] {"a", "b", "c"}, r.next());
    assertEquals(1, r.recordLine());
    assertArrayEquals(new String[] {"1", "x, \"y\"", ""}, r.next());
    assertEquals(2, r.recordLine());
    assertArrayEquals(new String[] {"2", "multi\r\nline", "z"}, r.next());
    assertEquals(4, r.recordLine());
    assertArrayEquals(new String[] {"3", "", ""}, r.next());
    assertEquals(7, r.recordLine());
    assertArrayEquals(new String[] {"", "\"", ","}, r.next()); // unterminated last line
    assertEquals(8, r.recordLine());
    assertNull(r.next());
    assertNull(r.next());
  }

  @Test
  void cellsAreVerbatimAndAByteOrderMarkIsDropped() throws IOException {
    CsvReader r = new CsvReader(new StringReader("\uFEFFname, x \n NA ,\" q \"\n"));
    assertArrayEquals(new String[] {"name", " x "}, r.next());
    assertArrayEquals(new String[] {" NA ", " q "}, r.next());
    assertNull(r.next());
  }

  @Test
  void recordsLongerThanTheBufferAreWhole() throws IOException {
    String big = "v".repeat(200_000);
    CsvReader r = new CsvReader(new OneCharAtATime("a,b\n\"" + big + "\"," + big + "\n"));
    assertArrayEquals(new String[] {"a", "b"}, r.next());
    String[] row = r.next();
    assertEquals(big, row[0]);
    assertEquals(big, row[1]);
    assertNull(r.next());
  }

  @Test
  void anUnterminatedQuoteNamesTheLineItOpened() throws IOException {
    CsvReader r = new CsvReader(new StringReader("a,b\n1,\"open\n2,3\n"));
    r.next();
    CsvFormatException e = assertThrows(CsvFormatException.class, r::next);
    assertEquals(2, e.line());
    assertEquals(2, e.field());
    assertTrue(e.getMessage().startsWith("line 2, field 2: quoted field opened at line 2 is never closed"), e.getMessage());
    assertNull(r.next());
  }

  @Test
  void strayQuotesAndBareCarriageReturnsAreRefusedAndTheNextLineStillReads() throws IOException {
    CsvReader r = new CsvReader(new StringReader("a,b\n1,x\"y\n\"q\"z,2\n3,4\r5,6\n7,8\n"));
    r.next();
    CsvFormatException quote = assertThrows(CsvFormatException.class, r::next);
    assertEquals(2, quote.line());
    assertEquals(2, quote.field());
    assertTrue(quote.getMessage().contains("quote character inside an unquoted field"), quote.getMessage());
    CsvFormatException after = assertThrows(CsvFormatException.class, r::next);
    assertEquals(3, after.line());
    assertTrue(after.getMessage().contains("after a closing quote"), after.getMessage());
    CsvFormatException cr = assertThrows(CsvFormatException.class, r::next);
    assertEquals(4, cr.line());
    assertTrue(cr.getMessage().contains("carriage return"), cr.getMessage());
    assertArrayEquals(new String[] {"7", "8"}, r.next());
    assertEquals(5, r.recordLine());
    assertNull(r.next());
  }

  @Test
  void aCarriageReturnRightBeforeTheEndEndsTheLastRecord() throws IOException {
    CsvReader r = new CsvReader(new StringReader("a,b\r\n1,2\r"));
    assertArrayEquals(new String[] {"a", "b"}, r.next());
    assertArrayEquals(new String[] {"1", "2"}, r.next());
    assertNull(r.next());
    CsvReader blank = new CsvReader(new StringReader("a\r\n\r"));
    assertArrayEquals(new String[] {"a"}, blank.next());
    assertNull(blank.next());
  }

  /** A reader that hands out one char per call, so every buffer boundary is exercised. */
  private static final class OneCharAtATime extends Reader {
    private final String s;
    private int i;

    OneCharAtATime(String s) {
      this.s = s;
    }

    @Override
    public int read(char[] cbuf, int off, int len) {
      if (i == s.length()) {
        return -1;
      }
      cbuf[off] = s.charAt(i++);
      return 1;
    }

    @Override
    public void close() {}
  }
}
