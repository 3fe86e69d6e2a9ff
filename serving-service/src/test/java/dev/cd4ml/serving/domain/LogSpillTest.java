package dev.cd4ml.serving.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The prediction log's disk overflow: order kept across segments, bounded, and what a stop left is read first. */
class LogSpillTest {

  @TempDir
  Path dir;

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> drain(LogSpill spill) throws Exception {
    List<String> out = new ArrayList<>();
    while (spill.peek()) {
      out.add(spill.tag() + "@" + spill.epochMillis() + ":" + new String(spill.record(), 0, spill.length(), StandardCharsets.UTF_8));
      spill.take();
    }
    return out;
  }

  @Test
  void recordsComeBackInOrderAcrossSegmentsAndTheFilesGo() throws Exception {
    LogSpill spill = new LogSpill(dir, 1 << 20, 200); // a few records per segment
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      String tag = i % 2 == 0 ? "cd4ml.prediction" : "cd4ml.explanation";
      assertTrue(spill.append(tag, 1000L + i, bytes("record-" + i), 0, ("record-" + i).length()));
      expected.add(tag + "@" + (1000 + i) + ":record-" + i);
    }
    assertEquals(100, spill.records());
    assertFalse(spill.isEmpty());
    // reading and writing interleave, as the shipper does while Fluentd catches up
    List<String> got = new ArrayList<>(drain(spill).subList(0, 100));
    assertTrue(spill.append("cd4ml.prediction", 5000L, bytes("late"), 0, 4));
    got.addAll(drain(spill));
    expected.add("cd4ml.prediction@5000:late");
    assertEquals(expected, got);
    assertTrue(spill.isEmpty());
    assertEquals(0, spill.records());
    assertEquals(0, spill.bytes());
    try (var files = Files.list(dir)) {
      assertEquals(0, files.count(), "read segments are removed");
    }
  }

  @Test
  void aFullSpillRefusesWithoutWritingAndTakesAgainOnceRead() throws Exception {
    LogSpill spill = new LogSpill(dir, 300, 300);
    int taken = 0;
    while (spill.append("t", 1, new byte[20], 0, 20)) {
      taken++;
    }
    assertEquals(300 / (1 + 1 + 8 + 4 + 20), taken);
    assertEquals(taken, spill.records());
    assertEquals(taken, drain(spill).size());
    assertTrue(spill.append("t", 1, new byte[20], 0, 20), "room again once read");
  }

  @Test
  void whatAStopLeftIsReadFirstAndARecordCutShortIsSkipped() throws Exception {
    LogSpill first = new LogSpill(dir, 1 << 20, 1 << 20);
    first.append("cd4ml.prediction", 1, bytes("a"), 0, 1);
    first.append("cd4ml.prediction", 2, bytes("b"), 0, 1);
    first.close();
    try (var files = Files.list(dir)) {
      Path segment = files.findFirst().orElseThrow();
      // a crash while writing: half a record at the end
      Files.write(segment, new byte[] {16, 'c', 'd'}, StandardOpenOption.APPEND);
    }
    LogSpill next = new LogSpill(dir, 1 << 20, 1 << 20);
    assertEquals(1, next.leftSegments());
    next.append("cd4ml.prediction", 3, bytes("c"), 0, 1);
    assertEquals(List.of("cd4ml.prediction@1:a", "cd4ml.prediction@2:b", "cd4ml.prediction@3:c"), drain(next));
  }
}
