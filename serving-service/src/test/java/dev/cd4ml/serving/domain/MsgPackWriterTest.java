package dev.cd4ml.serving.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.Value;

/** Our writer against msgpack-core's reader: every type, and every header size at its boundaries. */
class MsgPackWriterTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void everyValueOfALogRecordReadsBackAsWritten() throws Exception {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("requestId", "r-1");
    r.put("version", 3);
    r.put("age", 41.5);
    r.put("missing", null);
    r.put("shadowAgreement", true);
    r.put("no", false);
    r.put("row", 7L);
    r.put("float", 0.5f);
    r.put("probabilities", Map.of("yes", 0.25));
    r.put("unknownCategories", List.of("purpose"));
    r.put("text", "Grüße, 東京 🚀");
    MsgPackWriter w = new MsgPackWriter();
    w.value(Map.of("warm", "up")); // reused between records
    w.reset().value(r);
    assertSameJson(r, read(w));
  }

  @Test
  void integersTakeTheirFormAtEveryBoundary() throws Exception {
    long[] values = {0, 1, 127, 128, 255, 256, 65535, 65536, Integer.MAX_VALUE, Integer.MAX_VALUE + 1L, Long.MAX_VALUE,
        -1, -32, -33, -128, -129, Integer.MIN_VALUE, Integer.MIN_VALUE - 1L, Long.MIN_VALUE};
    MsgPackWriter w = new MsgPackWriter();
    for (long v : values) {
      w.reset().integer(v);
      assertEquals(v, read(w).asIntegerValue().toLong(), "value " + v);
    }
  }

  @Test
  void stringsMapsAndArraysOfEverySizeClass() throws Exception {
    MsgPackWriter w = new MsgPackWriter();
    for (int n : new int[] {0, 15, 16, 31, 32, 255, 256, 65535, 65536, 70_000}) {
      String ascii = "a".repeat(n);
      assertEquals(ascii, read(w.reset().str(ascii)).asStringValue().asString(), "ascii of " + n);
      String wide = "é".repeat(n); // two bytes each: the header counts bytes, not chars
      assertEquals(wide, read(w.reset().str(wide)).asStringValue().asString(), "utf-8 of " + n);
      List<Object> list = new ArrayList<>();
      Map<String, Object> map = new LinkedHashMap<>();
      for (int i = 0; i < n; i++) {
        list.add(i);
        map.put("k" + i, i);
      }
      assertEquals(n, read(w.reset().value(list)).asArrayValue().size(), "array of " + n);
      assertEquals(n, read(w.reset().value(map)).asMapValue().size(), "map of " + n);
    }
  }

  private static Value read(MsgPackWriter w) throws Exception {
    try (MessageUnpacker u = MessagePack.newDefaultUnpacker(w.array(), 0, w.length())) {
      Value v = u.unpackValue();
      assertEquals(false, u.hasNext(), "nothing after the value");
      return v;
    }
  }

  /** The decoded value is the map (as JSON trees: floats are written as doubles, key order is kept). */
  static void assertSameJson(Map<String, Object> expected, Value actual) throws Exception {
    Map<String, Object> copy = new LinkedHashMap<>();
    expected.forEach((k, v) -> copy.put(k, v instanceof Float f ? (double) f : v));
    assertEquals(JSON.readTree(JSON.writeValueAsString(copy)), JSON.readTree(actual.toJson()));
  }
}
