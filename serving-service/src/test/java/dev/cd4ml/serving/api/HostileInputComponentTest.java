package dev.cd4ml.serving.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cd4ml.contracts.events.EventJson;
import dev.cd4ml.fixtures.hostile.HostileCase;
import dev.cd4ml.fixtures.hostile.HostileClient;
import dev.cd4ml.fixtures.hostile.HostileInputs;
import dev.cd4ml.parts.RealPartsTestResource;
import dev.cd4ml.serving.support.RegistryTestResource;
import dev.cd4ml.serving.support.TestModels;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every operation serving documents, attacked with generated hostile input (control characters in
 * parameters and fields, valid requests broken field by field, huge, deeply nested and malformed JSON
 * and CSV, wrong types and media types): each answer is a 4xx problem before any byte of a result,
 * never a 5xx and never a 200 carrying an error, and no prediction or feedback record is logged.
 */
@QuarkusTest
@QuarkusTestResource(value = RealPartsTestResource.class, initArgs = {
    @ResourceArg(name = "parts", value = "kafka,forward,keycloak"), @ResourceArg(name = "database", value = "serving")})
@QuarkusTestResource(RegistryTestResource.class)
class HostileInputComponentTest {
  @org.junit.jupiter.api.BeforeAll
  static void actAsFeedbackWriter() {
    // Feedback needs role feedback-writer (issue 20); predictions are open and never look at the token.
    io.restassured.RestAssured.filters(dev.cd4ml.fixtures.auth.Tokens.asRole(dev.cd4ml.contracts.auth.Roles.FEEDBACK_WRITER));
  }


  @TestHTTPResource("/")
  URI base;

  @TestFactory
  Stream<DynamicTest> everyOperationRefusesHostileInputAndLogsNothing() {
    String row = EventJson.write(Map.of("features", TestModels.sampleRow()));
    HostileClient client = new HostileClient(base);
    HostileInputs inputs = HostileInputs.seeded()
        .validBody("POST /predictions", "application/json", row)
        .validBody("POST /bench/predictions-unlogged", "application/json", row)
        .validBody("POST /feedback", "application/json", "{\"requestId\": \"r-1\", \"actual\": \"yes\"}")
        // A batch answers a bad row with an error element in place and predicts the others (200 by
        // design); what it must refuse up front is a body that is broken as a whole.
        .skip((op, kind) -> op.path().equals("/predictions/batch") && kind.equals("csv-nul-cell"))
        // The calibration endpoint (off in production) counts the fields of any JSON object without a model
        // or validation, by design: only a body that is not JSON at all is its to refuse.
        .skip((op, kind) -> op.path().equals("/bench/noop")
            && Set.of("json-empty", "json-missing-fields", "json-extra-fields", "json-field-nul").contains(kind));
    List<HostileCase> cases = inputs.cases(client.operations());
    assertTrue(cases.stream().map(HostileCase::operation).distinct().count() >= 5,
        "every documented operation is attacked: " + cases.stream().map(HostileCase::operation).distinct().toList());
    String before = logged();
    return Stream.concat(
        cases.stream().map(c -> dynamicTest(c.name(), () -> client.assertRefused(c, inputs.seed()))),
        Stream.of(dynamicTest("nothing was predicted or logged", () -> assertEquals(before, logged()))));
  }

  @Test
  void aBatchNestedTooDeepIsA400BeforeAnyResult() throws Exception {
    String deep = "[".repeat(5000) + "]".repeat(5000);
    HostileClient.Answer a = new HostileClient(base).post("/predictions/batch", "application/json", utf8(deep));
    assertEquals(400, a.status(), a.body());
    assertTrue(a.contentType().startsWith("application/problem+json"), a.contentType());
    JsonNode problem = new ObjectMapper().readTree(a.body());
    assertEquals("body", problem.at("/errors/0/field").asText(), a.body());
    assertTrue(problem.path("detail").asText().contains("malformed JSON"), a.body());
  }

  @Test
  void aBatchThatBreaksAfterItsFirstRowEndsWithAnErrorElementInOneWellFormedArray() throws Exception {
    String row = EventJson.write(Map.of("features", TestModels.sampleRow()));
    String body = "[" + row + ", " + "{\"a\":".repeat(5000) + "1" + "}".repeat(5000) + "]";
    HostileClient.Answer a = new HostileClient(base).post("/predictions/batch", "application/json", utf8(body));
    assertEquals(200, a.status(), a.body());
    JsonNode results = new ObjectMapper().readTree(a.body()); // throws unless the whole answer is one JSON document
    assertEquals(2, results.size(), a.body());
    assertTrue(results.get(0).has("prediction"), a.body());
    assertEquals(2, results.get(1).path("row").asInt(), a.body());
    assertTrue(results.get(1).path("errors").get(0).path("message").asText().contains("malformed JSON"), a.body());
  }

  private static byte[] utf8(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /** The counters of predictions made and of records handed to the log (predictions and feedback). */
  private static String logged() {
    String metrics = given().accept("text/plain").get("/q/metrics").then().statusCode(200).extract().asString();
    return "predictions=" + sum(metrics, "cd4ml_predictions_total") + " logged="
        + sum(metrics, "cd4ml_prediction_log_emitted_total") + " dropped="
        + sum(metrics, "cd4ml_prediction_log_dropped_total") + " feedback="
        + sum(metrics, "cd4ml_feedback_accepted_total");
  }

  private static double sum(String metrics, String name) {
    return metrics.lines().filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
  }
}
