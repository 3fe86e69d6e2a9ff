package dev.cd4ml.data.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cd4ml.contracts.problem.ProblemError;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class CsvScannerTest {

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 5, 64, 4096})
  void readsRfc4180QuotingWhateverTheChunkSize(int chunk) {
    String csv = "a,b,c\r\n"
        + "1,\"x, y\",\"he said \"\"hi\"\"\"\r\n"
        + "2,\"multi\nline\",\r\n"
        + "3,,\"\"\n"
        + "4,plain,last";
    IngestErrors errors = new IngestErrors();
    List<List<String>> records = Csv.records(csv, errors, chunk);
    assertFalse(errors.any(), () -> errors.listed(20).toString());
    assertEquals(List.of(
        List.of("a", "b", "c"),
        List.of("1", "x, y", "he said \"hi\""),
        List.of("2", "multi\nline", ""),
        List.of("3", "", ""),
        List.of("4", "plain", "last")), records);
  }

  @Test
  void skipsBlankLinesAndABom() {
    IngestErrors errors = new IngestErrors();
    byte[] body = ("\uFEFFa,b\n\n1,2\r\n\r\n3,4\n\n").getBytes(StandardCharsets.UTF_8);
    List<List<String>> out = new ArrayList<>();
    CsvScanner s = new CsvScanner(r -> out.add(List.of(r.text(0), r.text(1))), errors, 1 << 20, 100);
    s.feed(body, 0, 2); // split inside the BOM
    s.feed(body, 2, body.length - 2);
    s.finish();
    assertFalse(errors.any());
    assertEquals(List.of(List.of("a", "b"), List.of("1", "2"), List.of("3", "4")), out);
  }

  @Test
  void recordsKnowTheirStartLine() {
    IngestErrors errors = new IngestErrors();
    List<Long> lines = new ArrayList<>();
    CsvScanner s = new CsvScanner(r -> lines.add(r.line()), errors, 1 << 20, 100);
    byte[] b = "h\n\"a\nb\"\n\nc\n".getBytes(StandardCharsets.UTF_8);
    s.feed(b, 0, b.length);
    s.finish();
    assertEquals(List.of(1L, 2L, 5L), lines);
  }

  @Test
  void reportsAQuoteInsideAnUnquotedField() {
    IngestErrors errors = new IngestErrors();
    Csv.records("a,b\n1,x\"y\n2,3\n", errors, 64);
    ProblemError e = errors.listed(20).get(0);
    assertEquals(2L, e.row());
    assertEquals(2, e.column());
    assertTrue(e.message().contains("quote"), e.message());
  }

  @Test
  void reportsGarbageAfterAClosingQuote() {
    IngestErrors errors = new IngestErrors();
    Csv.records("a,b\n\"1\"x,2\n", errors, 3);
    assertEquals(1, errors.count());
    assertEquals(2L, errors.listed(20).get(0).row());
    assertEquals(1, errors.listed(20).get(0).column());
  }

  @Test
  void reportsAnUnterminatedQuoteWithTheLineItOpened() {
    IngestErrors errors = new IngestErrors();
    Csv.records("a,b\n1,\"open\n2,3\n", errors, 5);
    assertEquals(1, errors.count());
    ProblemError e = errors.listed(20).get(0);
    assertEquals(2L, e.row());
    assertEquals(2, e.column());
    assertTrue(e.message().contains("never closed"), e.message());
  }

  @Test
  void reportsTheLineAndCharacterOfTheFirstInvalidUtf8Byte() {
    IngestErrors errors = new IngestErrors();
    byte[] head = "name,city\nAnn,Zürich\nBob,M".getBytes(StandardCharsets.UTF_8);
    byte[] tail = "nchen\n".getBytes(StandardCharsets.UTF_8);
    byte[] b = new byte[head.length + 1 + tail.length];
    System.arraycopy(head, 0, b, 0, head.length);
    b[head.length] = (byte) 0xFC; // ISO-8859-1 'ü'
    System.arraycopy(tail, 0, b, head.length + 1, tail.length);
    CsvScanner s = new CsvScanner(r -> { }, errors, 1 << 20, 100);
    for (int i = 0; i < b.length; i += 4) {
      s.feed(b, i, Math.min(4, b.length - i));
    }
    s.finish();
    assertEquals(1, errors.count());
    ProblemError e = errors.listed(20).get(0);
    assertEquals(3L, e.row());
    assertEquals(6, e.column()); // B,o,b,',',M,<bad>: the 6th character
    assertTrue(e.message().contains("0xFC"), e.message());
  }

  @Test
  void rejectsOverlongAndSurrogateEncodings() {
    for (byte[] bad : List.of(new byte[] {(byte) 0xC0, (byte) 0xAF}, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
        new byte[] {(byte) 0xF5, (byte) 0x80, (byte) 0x80, (byte) 0x80}, new byte[] {(byte) 0xE2, (byte) 0x82})) {
      IngestErrors errors = new IngestErrors();
      CsvScanner s = new CsvScanner(r -> { }, errors, 1 << 20, 100);
      s.feed(bad, 0, bad.length);
      s.finish();
      assertTrue(errors.any(), () -> "accepted " + java.util.Arrays.toString(bad));
    }
  }

  @Test
  void acceptsEveryValidUtf8Width() {
    IngestErrors errors = new IngestErrors();
    Csv.records("k,v\nä,€\n𝄞,日本\n", errors, 1);
    assertFalse(errors.any(), () -> errors.listed(20).toString());
  }

  @Test
  void boundsTheLengthOfARecord() {
    IngestErrors errors = new IngestErrors();
    CsvScanner s = new CsvScanner(r -> { }, errors, 100, 100);
    byte[] b = ("a\n" + "x".repeat(500) + "\nshort\n").getBytes(StandardCharsets.UTF_8);
    s.feed(b, 0, b.length);
    s.finish();
    assertEquals(1, errors.count());
    assertEquals(2L, errors.listed(20).get(0).row());
  }

  @Test
  void readsWhatThePlatformsCsvReaderReadsAndRefusesTheSameLines() throws java.io.IOException {
    // One grammar: the tuned ingest scanner and the shared reader everything else uses agree record by record.
    for (String csv : List.of(
        "a,b\r\n1,\"x, \"\"y\"\"\"\n\n\"multi\r\nline\",\r\n3,\"\"\r",
        "\uFEFFh\n\"a\nb\"\n\nc\n",
        "a,b\n1,x\"y\n2,3\n\"q\"z,4\n5,6\r7\n8,9\n\"open,1\n")) {
      IngestErrors errors = new IngestErrors();
      List<List<String>> scanned = Csv.records(csv, errors, 3);
      List<Long> refused = errors.listed(100).stream().map(ProblemError::row).toList();

      dev.cd4ml.contracts.csv.CsvReader reader = new dev.cd4ml.contracts.csv.CsvReader(new java.io.StringReader(csv));
      List<List<String>> read = new ArrayList<>();
      List<Long> readerRefused = new ArrayList<>();
      while (true) {
        try {
          String[] r = reader.next();
          if (r == null) {
            break;
          }
          read.add(List.of(r));
        } catch (dev.cd4ml.contracts.csv.CsvFormatException e) {
          readerRefused.add(e.line());
        }
      }
      assertEquals(scanned, read, csv);
      assertEquals(refused, readerRefused, csv);
    }
  }

  @Test
  void aNulByteIsMalformedWithItsLineAndCharacter() {
    IngestErrors errors = new IngestErrors();
    Csv.records("a,b\n1,x\0y\n", errors, 4096);
    assertTrue(errors.any());
    ProblemError e = errors.listed(20).get(0);
    assertEquals(2L, e.row());
    assertEquals(4, e.column());
    assertTrue(e.message().contains("NUL"), e.message());
  }
}
