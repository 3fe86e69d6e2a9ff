package dev.cd4ml.serving.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The streaming reader gives what Jackson databind gave for the same bodies, and refuses what it refused. */
class PredictionRequestReaderTest {
  // As Quarkus configures its mapper: unknown properties are ignored.
  private static final ObjectMapper DATABIND = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  private final PredictionRequestReader reader = new PredictionRequestReader(DATABIND);

  @Test
  void readsEveryKindOfFeatureValueAsDatabindDoes() throws Exception {
    for (String body : List.of(
        "{\"features\": {\"age\": 41, \"income\": 52000.5, \"big\": 12345678901, \"huge\": 123456789012345678901234567890,"
            + " \"sex\": \"female\", \"ok\": true, \"no\": false, \"none\": null, \"exp\": 1e3, \"neg\": -7,"
            + " \"nested\": {\"a\": [1, \"x\", null, {\"b\": 2.5}]}, \"empty\": []}}",
        "{\"id\": \"r-1\", \"features\": {\"age\": 1}, \"extra\": {\"deep\": [1, {\"x\": 2}]}}", // other fields ignored
        "{\"features\": null}",
        "{}",
        "{\"features\": {}}",
        "{\"features\": {\"a\": 1, \"a\": 2}}")) { // the later duplicate wins
      PredictionRequest expected = DATABIND.readValue(body, PredictionRequest.class);
      PredictionRequest actual = read(body);
      assertEquals(expected, actual, body);
      if (expected.features() != null) {
        for (var e : expected.features().entrySet()) {
          Object v = actual.features().get(e.getKey());
          assertEquals(e.getValue() == null ? null : e.getValue().getClass(), v == null ? null : v.getClass(), e.getKey());
        }
        assertEquals(List.copyOf(expected.features().keySet()), List.copyOf(actual.features().keySet()), "order kept");
      }
    }
  }

  @Test
  void anEmptyBodyIsNoRequest() throws Exception {
    assertNull(read(""));
    assertNull(read("  \n"));
  }

  @Test
  void badBodiesRaiseTheJsonExceptionsTheProblemMapperAnswers() {
    for (String body : List.of("{\"features\": {\"age\": ", "{\"features\": {\"age\": 1}", "[1, 2]", "\"features\"",
        "{\"features\": [1]}", "{\"features\": \"age=1\"}", "{\"features\": {\"age\": tru}}", "{features: {}}")) {
      assertThrows(JsonProcessingException.class, () -> read(body), body);
      assertThrows(JsonProcessingException.class, () -> DATABIND.readValue(body, PredictionRequest.class), "databind too: " + body);
    }
    JsonProcessingException e = assertThrows(JsonProcessingException.class, () -> read("{\n\"features\": {\"age\": tru}}"));
    assertEquals(2, e.getLocation().getLineNr(), "where: line and column for the problem");
  }

  private PredictionRequest read(String body) throws IOException {
    return reader.read(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
  }
}
