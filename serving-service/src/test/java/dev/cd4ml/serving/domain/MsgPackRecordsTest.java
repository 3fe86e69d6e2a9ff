package dev.cd4ml.serving.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessagePack;
import org.msgpack.value.Value;

class MsgPackRecordsTest {
  @Test
  void packsEveryValueTypeOfARecordAsAMsgPackMap() throws Exception {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("requestId", "r-1");
    r.put("version", 3);
    r.put("age", 41.5);
    r.put("missing", null);
    r.put("shadowAgreement", true);
    r.put("row", 7L);
    r.put("probabilities", Map.of("yes", 0.25));
    r.put("unknownCategories", List.of("purpose"));
    MsgPackRecords packer = new MsgPackRecords();
    packer.pack(Map.of("warm", "up")); // the packer is reused between records
    byte[] bytes = packer.pack(r);
    Value v = MessagePack.newDefaultUnpacker(bytes).unpackValue();
    Map<Value, Value> m = v.asMapValue().map();
    assertEquals(8, m.size());
    assertEquals("r-1", get(m, "requestId").asStringValue().asString());
    assertEquals(3, get(m, "version").asIntegerValue().asInt());
    assertEquals(41.5, get(m, "age").asFloatValue().toDouble());
    assertEquals(true, get(m, "missing").isNilValue());
    assertEquals(true, get(m, "shadowAgreement").asBooleanValue().getBoolean());
    assertEquals(7L, get(m, "row").asIntegerValue().asLong());
    assertEquals(0.25, get(get(m, "probabilities").asMapValue().map(), "yes").asFloatValue().toDouble());
    assertEquals("purpose", get(m, "unknownCategories").asArrayValue().get(0).asStringValue().asString());
  }

  private static Value get(Map<Value, Value> m, String key) {
    return m.entrySet().stream().filter(e -> e.getKey().asStringValue().asString().equals(key))
        .map(Map.Entry::getValue).findFirst().orElseThrow();
  }
}
