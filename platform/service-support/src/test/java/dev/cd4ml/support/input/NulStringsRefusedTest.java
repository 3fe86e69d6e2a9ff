package dev.cd4ml.support.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NulStringsRefusedTest {
  enum Stage { staging, production }

  record Body(String name, List<String> tags, Map<String, String> params, Stage stage) {}

  private final ObjectMapper mapper = new ObjectMapper();

  NulStringsRefusedTest() {
    new NulStringsRefused().customize(mapper);
  }

  @Test
  void aNulInAStringAListAMapKeyOrValueOrAnEnumIsAMappingErrorNamingTheField() {
    for (String json : new String[] {"{\"name\": \"a\\u0000b\"}", "{\"tags\": [\"ok\", \"x\\u0000\"]}",
        "{\"params\": {\"k\\u0000\": \"v\"}}", "{\"params\": {\"k\": \"\\u0000\"}}", "{\"stage\": \"\\u0000staging\"}"}) {
      JsonMappingException e = assertThrows(JsonMappingException.class, () -> mapper.readValue(json, Body.class), json);
      assertTrue(e.getOriginalMessage().contains("NUL"), e.getOriginalMessage());
      assertTrue(!e.getPath().isEmpty(), "the field is named: " + json);
    }
  }

  @Test
  void otherTextIsReadAsBefore() throws Exception {
    Body b = mapper.readValue("{\"name\": \"line\\nbreak \\u00e9\", \"tags\": [\"a\"], \"params\": {\"k\": \"v\"},"
        + " \"stage\": \"staging\"}", Body.class);
    assertEquals("line\nbreak é", b.name());
    assertEquals(List.of("a"), b.tags());
    assertEquals(Map.of("k", "v"), b.params());
    assertEquals(Stage.staging, b.stage());
  }
}
