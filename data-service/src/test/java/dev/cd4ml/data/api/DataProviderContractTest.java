package dev.cd4ml.data.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.cd4ml.contracts.consumer.ConsumerContract;
import dev.cd4ml.contracts.events.EventEnvelope;
import dev.cd4ml.contracts.events.Topics;
import dev.cd4ml.parts.RealParts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import dev.cd4ml.contracts.consumer.ProviderVerifier;
import dev.cd4ml.parts.RealPartsTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.net.URL;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** data-service honours what training-service and the pipeline CLI declared they rely on. */
@QuarkusTest
@QuarkusTestResource(value = RealPartsTestResource.class, initArgs = {
    @ResourceArg(name = "parts", value = "kafka,postgres,s3"), @ResourceArg(name = "database", value = "data")})
class DataProviderContractTest {

  @TestHTTPResource("/")
  URL base;

  @Test
  void everyConsumerInteractionHolds() {
    List<String> failures = ProviderVerifier.verify("data-service", base.toString().replaceAll("/$", ""), this::state,
        (fixture, vars, request) -> {
          throw new IllegalStateException("data-service has no fixture '" + fixture + "'");
        });
    assertEquals(List.of(), failures);
  }

  @Test
  void everyConsumedEventCarriesTheFieldsItsConsumersRead() throws Exception {
    Map<String, String> vars = state("a dataset version exists");
    List<EventEnvelope> events = new ArrayList<>();
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RealParts.kafka().bootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "contract-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(Topics.DATASETS));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (events.isEmpty() && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(300))) {
          if (vars.get("dataset").equals(r.key())) {
            events.add(EventEnvelope.fromJson(r.value()));
          }
        }
      }
    }
    for (ConsumerContract contract : ConsumerContract.forProvider("data-service")) {
      for (ConsumerContract.EventExpectation expected : contract.events()) {
        List<EventEnvelope> ofType = events.stream().filter(e -> e.type().equals(expected.type())).toList();
        assertFalse(ofType.isEmpty(), contract.consumer() + " consumes " + expected.type());
        ofType.forEach(e -> assertEquals(List.of(), ConsumerContract.violations(e.payload(), expected.fields()),
            contract.consumer() + " reads " + expected.type()));
      }
    }
  }

  private Map<String, String> state(String given) {
    Map<String, String> vars = new HashMap<>();
    vars.put("dataset", "contract-" + UUID.randomUUID().toString().substring(0, 8));
    switch (given) {
      case "no state" -> { }
      case "a dataset version exists" -> {
        var created = RestAssured.given().post("/datasets/{d}/versions/generated?rows=300&seed=5&drift=0", vars.get("dataset"))
            .then().statusCode(201).extract();
        vars.put("id", created.path("id"));
        vars.put("ref", created.path("id"));
      }
      default -> throw new IllegalStateException("data-service has no provider state '" + given + "'");
    }
    return vars;
  }
}
