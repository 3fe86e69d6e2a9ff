package dev.cd4ml.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cd4ml.contracts.consumer.ConsumerContract;
import dev.cd4ml.contracts.events.EventJson;
import dev.cd4ml.contracts.events.EventType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The contract files load and the checker catches what a provider could break. */
class ConsumerContractTest {

  @Test
  void everyIndexedContractLoadsAndNamesKnownEventTypes() {
    for (String provider : List.of("data-service", "training-service", "registry-service", "serving-service",
        "monitoring-service")) {
      List<ConsumerContract> contracts = ConsumerContract.forProvider(provider);
      assertFalse(contracts.isEmpty(), provider + " has consumers");
      for (ConsumerContract c : contracts) {
        c.interactions().forEach(i -> assertTrue(i.path().startsWith("/"), c.consumer() + ": " + i.description()));
        c.events().forEach(e -> EventType.fromWireName(e.type()));
      }
    }
  }

  @Test
  void aRenamedOrDroppedOrRetypedFieldIsAViolation() throws Exception {
    Map<String, String> fields = Map.of("model", "string", "version", "integer", "lineage.signature.features[].name", "string",
        "registeredAt", "string?");
    JsonNode good = EventJson.MAPPER.readTree("""
        {"model": "m", "version": 3, "lineage": {"signature": {"features": [{"name": "a"}, {"name": "b"}]}}}""");
    assertEquals(List.of(), ConsumerContract.violations(good, fields));

    JsonNode broken = EventJson.MAPPER.readTree("""
        {"modelName": "m", "version": "3", "lineage": {"signature": {"features": [{"name": "a"}, {"title": "b"}]}}}""");
    assertEquals(3, ConsumerContract.violations(broken, fields).size(), ConsumerContract.violations(broken, fields).toString());
  }
}
