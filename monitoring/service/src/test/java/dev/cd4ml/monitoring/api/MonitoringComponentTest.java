package dev.cd4ml.monitoring.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cd4ml.contracts.auth.Roles;
import dev.cd4ml.contracts.events.EventEnvelope;
import dev.cd4ml.contracts.events.EventType;
import dev.cd4ml.contracts.events.Topics;
import dev.cd4ml.fixtures.contract.TopicEvents;
import dev.cd4ml.fixtures.data.DemoData;
import dev.cd4ml.contracts.dataset.DemoDataGenerator;
import dev.cd4ml.monitoring.service.LabelJoiner;
import dev.cd4ml.monitoring.support.DemoModel;
import dev.cd4ml.monitoring.support.MonitoredPlatform;
import dev.cd4ml.monitoring.support.Traffic;
import dev.cd4ml.parts.RealParts;
import dev.cd4ml.parts.RealPartsTestResource;
import io.quarkus.arc.Arc;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Monitoring judging a model that really is served: traffic goes through serving-service's batch
 * endpoint, its log through the forward protocol, the spool and the bulk indexer into OpenSearch,
 * feedback through serving's {@code POST /feedback}; the baseline comes from the registry's lineage
 * and data-service's profile of the training data version.
 */
@QuarkusTest
@QuarkusTestResource(value = RealPartsTestResource.class, initArgs = {
    @ResourceArg(name = "parts", value = "kafka,postgres,opensearch,keycloak"),
    @ResourceArg(name = "client", value = "monitoring-service"),
    @ResourceArg(name = "database", value = "monitoring")})
@QuarkusTestResource(MonitoredPlatform.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MonitoringComponentTest {
  @org.junit.jupiter.api.BeforeAll
  static void actAsMonitoring() {
    // Monitoring's writes need role monitoring (issue 20): requests of this class carry demo-monitoring's token.
    io.restassured.RestAssured.filters(dev.cd4ml.fixtures.auth.Tokens.asRole(dev.cd4ml.contracts.auth.Roles.MONITORING));
  }

  /**
   * What {@code DemoDataGenerator}'s drift shifts directly (at drift 0.5: applicants 8 years older,
   * so their age band too; incomes down by a quarter; late payments up by 0.6; the purpose mix towards
   * debt consolidation and medical): each must alert.
   */
  static final Set<String> SHIFTED = Set.of("age", "age_band", "income", "num_late_payments", "purpose");
  /**
   * What the generator derives from the shifted columns (loan amount from income, term from the loan,
   * debt-to-income from both and the late payments, score from late payments, retirement from age):
   * moves, but less.
   */
  static final Set<String> FOLLOWING = Set.of("loan_amount", "loan_term_months", "debt_to_income", "credit_score",
      "employment");
  /** Columns the generator draws independently of the drift, or almost so. */
  static final Set<String> UNTOUCHED = Set.of("sex", "region", "housing");
  static final int LABELLED = 300;
  /** Enough biased rows that the sex gap stays above the alert threshold in the hour that also holds the other 4,000 rows. */
  static final int BIASED_PER_SEX = 1000;
  /** Of the labelled requests, these first got a wrong label, corrected by a later feedback. */
  static final int CORRECTED = 50;
  /** Prediction requests serving refused, sent in their own window. */
  static final int REFUSED = 7;

  static Traffic trainingLike;
  static Traffic drifted;
  static Traffic biased;
  static Instant refusedFrom;
  static Instant refusedTo;

  @BeforeAll
  static void sendTraffic() throws Exception {
    DemoModel model = DemoModel.train(MonitoredPlatform.TRAINING_ROWS, MonitoredPlatform.TRAINING_SEED);
    // What other classes of this JVM left in the log: this class waits for its own records on top.
    long predictionsBefore = Traffic.indexed("cd4ml-predictions-*");
    long feedbackBefore = Traffic.indexed("cd4ml-feedback-*");
    long rejectionsBefore = Traffic.indexed("cd4ml-rejections-*");
    trainingLike = Traffic.send(DemoModel.rows(DemoData.csv(2000, 101, 0.0)));
    drifted = Traffic.send(DemoModel.rows(DemoData.csv(2000, 102, 0.5)));
    // One sex gets the rows the model calls positive, the other those it calls negative.
    List<Map<String, String>> shaped = new ArrayList<>();
    int female = 0;
    int male = 0;
    for (Map<String, String> row : DemoModel.rows(DemoData.csv(12000, 103, 0.0))) {
      String p = model.predict(row);
      if (row.get("sex").equals("female") && p.equals("yes") && female < BIASED_PER_SEX) {
        shaped.add(row);
        female++;
      } else if (row.get("sex").equals("male") && p.equals("no") && male < BIASED_PER_SEX) {
        shaped.add(row);
        male++;
      }
    }
    biased = Traffic.send(shaped);
    // Refused requests in a window of their own: unknown features one by one, a CSV header it does not know, and
    // two bad rows of a batch whose other row is predicted.
    Thread.sleep(5);
    refusedFrom = Instant.now();
    for (int i = 0; i < 4; i++) {
      MonitoredPlatform.send("POST", MonitoredPlatform.servingUrl() + "/predictions", "application/json",
          "{\"features\":{\"colour_" + i + "\":\"red\"}}", null, 400);
    }
    MonitoredPlatform.send("POST", MonitoredPlatform.servingUrl() + "/predictions/batch", "text/csv",
        "colour\nred\n", null, 400);
    List<Map<String, String>> mixed = DemoModel.rows(DemoData.csv(3, 104, 0.0));
    mixed.get(0).put("income", "lots");
    mixed.get(2).put("age", "not-a-number");
    String mixedAnswer = MonitoredPlatform.send("POST", MonitoredPlatform.servingUrl() + "/predictions/batch?id="
        + DemoDataGenerator.ID, "text/csv", DemoModel.csv(mixed), null, 200);
    assertThat(MonitoredPlatform.json(mixedAnswer).findValues("errors")).as(mixedAnswer).hasSize(2);
    refusedTo = Instant.now().plusMillis(1);
    Thread.sleep(5);
    Traffic.awaitIndexed("cd4ml-predictions-*", predictionsBefore + 4000 + shaped.size() + 1, Duration.ofSeconds(60));
    // A wrong label first, joined by an evaluation's label join, then corrected by a later feedback: the later one
    // wins and the prediction counts once as labelled.
    for (Traffic.Served s : trainingLike.served().subList(0, CORRECTED)) {
      String wrong = trainingLike.label(s).equals("yes") ? "no" : "yes";
      MonitoredPlatform.send("POST", MonitoredPlatform.servingUrl() + "/feedback", "application/json",
          "{\"requestId\":\"" + s.requestId() + "\",\"actual\":\"" + wrong + "\"}", Roles.FEEDBACK_WRITER, 202);
    }
    Traffic.awaitIndexed("cd4ml-feedback-*", feedbackBefore + CORRECTED, Duration.ofSeconds(60));
    assertThat(Arc.container().instance(LabelJoiner.class).get().join()).as("newly labelled").isEqualTo(CORRECTED);
    for (Traffic.Served s : trainingLike.served().subList(0, LABELLED)) {
      MonitoredPlatform.send("POST", MonitoredPlatform.servingUrl() + "/feedback", "application/json",
          "{\"requestId\":\"" + s.requestId() + "\",\"actual\":\"" + trainingLike.label(s) + "\"}", Roles.FEEDBACK_WRITER, 202);
    }
    Traffic.awaitIndexed("cd4ml-feedback-*", feedbackBefore + LABELLED + CORRECTED, Duration.ofSeconds(60));
    Traffic.awaitIndexed("cd4ml-rejections-*", rejectionsBefore + REFUSED, Duration.ofSeconds(60));
  }

  @Test
  @Order(1)
  void anAlertPublishesOneEventAndARepeatedEvaluationPublishesNone() {
    // Other classes of this application may have evaluated before the traffic was sent (no alert then).
    String kafka = RealParts.kafka().bootstrapServers();
    int eventsBefore = TopicEvents.read(kafka, Topics.MONITORING, MonitoredPlatform.MODEL).size();
    long reportsBefore = ReportErrorsComponentTest.storedReports();
    JsonNode first = MonitoredPlatform.json(given().queryParam("model", MonitoredPlatform.MODEL)
        .post("/monitoring/evaluations").then().statusCode(200).extract().asString());
    assertThat(first).hasSize(1); // production holds the version; staging (test) holds none
    List<String> alerted = new ArrayList<>();
    first.get(0).path("alerted").forEach(k -> alerted.add(k.asText()));
    // The last hour holds the biased traffic (and drifted traffic, diluted by the rest).
    assertThat(alerted).as(first.toString()).contains("fairness");
    List<EventEnvelope> all = TopicEvents.await(kafka, Topics.MONITORING, MonitoredPlatform.MODEL,
        e -> e.size() >= eventsBefore + alerted.size(), Duration.ofSeconds(20));
    List<EventEnvelope> events = all.subList(eventsBefore, all.size());
    Map<String, Integer> byType = new HashMap<>();
    events.forEach(e -> byType.merge(e.type(), 1, Integer::sum));
    Map<String, Integer> expected = new HashMap<>();
    for (String kind : alerted) {
      expected.put(switch (kind) {
        case "drift" -> EventType.MODEL_MONITOR_DRIFT_DETECTED.wireName();
        case "fairness" -> EventType.MODEL_MONITOR_FAIRNESS_BREACHED.wireName();
        default -> EventType.MODEL_MONITOR_QUALITY_DEGRADED.wireName();
      }, 1);
    }
    assertThat(byType).isEqualTo(expected);
    assertThat(events).allSatisfy(e -> assertThat(e.payload().path("model").asText()).isEqualTo(MonitoredPlatform.MODEL));

    JsonNode again = MonitoredPlatform.json(given().queryParam("model", MonitoredPlatform.MODEL)
        .post("/monitoring/evaluations").then().statusCode(200).extract().asString());
    assertThat(again.get(0).path("alerted")).as("still alert: nothing turned to alert").isEmpty();
    sleep(1500); // the outbox polls every 0.2 s: anything published would be there
    assertThat(TopicEvents.read(kafka, Topics.MONITORING, MonitoredPlatform.MODEL)).hasSize(all.size());
    assertThat(ReportErrorsComponentTest.storedReports()).as("both evaluations are stored").isEqualTo(reportsBefore + 2);
  }

  @Test
  @Order(2)
  void trafficDrawnLikeTheTrainingDataAlertsOnNoFeature() {
    JsonNode report = report(trainingLike);
    assertThat(report.path("counts").path("predictions").asLong()).isEqualTo(trainingLike.rows().size());
    assertThat(report.path("features")).hasSize(13);
    for (JsonNode f : report.path("features")) {
      assertThat(f.path("status").asText()).as(f.toString()).isIn("ok", "warn");
    }
  }

  @Test
  @Order(3)
  void driftedTrafficAlertsOnExactlyTheFeaturesTheGeneratorShifts() {
    JsonNode report = report(drifted);
    assertThat(report.path("counts").path("predictions").asLong()).isEqualTo(drifted.rows().size());
    Map<String, String> status = new HashMap<>();
    for (JsonNode f : report.path("features")) {
      status.put(f.path("feature").asText(), f.path("status").asText());
    }
    assertThat(status).hasSize(13);
    String features = report.path("features").toString();
    Set<String> alert = new TreeSet<>();
    status.forEach((f, s) -> {
      if (s.equals("alert")) {
        alert.add(f);
      }
    });
    assertThat(alert).as(features).isEqualTo(SHIFTED);
    FOLLOWING.forEach(f -> assertThat(status.get(f)).as(f + " in " + features).isEqualTo("warn"));
    UNTOUCHED.forEach(f -> assertThat(status.get(f)).as(f + " in " + features).isEqualTo("ok"));
  }

  @Test
  @Order(4)
  void feedbackForAKnownSubsetGivesTheExactAccuracyAndConfusionMatrix() {
    JsonNode quality = report(trainingLike).path("quality");
    List<String> labels = new ArrayList<>();
    quality.path("labels").forEach(l -> labels.add(l.asText()));
    assertThat(labels).containsExactlyInAnyOrder("no", "yes");
    long[][] confusion = new long[labels.size()][labels.size()];
    long correct = 0;
    for (Traffic.Served s : trainingLike.served().subList(0, LABELLED)) {
      String actual = trainingLike.label(s);
      confusion[labels.indexOf(actual)][labels.indexOf(s.prediction())]++;
      correct += actual.equals(s.prediction()) ? 1 : 0;
    }
    long[][] reported = new long[labels.size()][labels.size()];
    for (int i = 0; i < labels.size(); i++) {
      for (int j = 0; j < labels.size(); j++) {
        reported[i][j] = quality.path("confusion").path(i).path(j).asLong();
      }
    }
    assertThat(reported).isDeepEqualTo(confusion);
    assertThat(quality.path("accuracy").asDouble()).isEqualTo((double) correct / LABELLED);
    assertThat(report(trainingLike).path("counts").path("labelled").asLong())
        .as("each of the %d corrected predictions counts once", CORRECTED).isEqualTo(LABELLED);
  }

  @Test
  @Order(6)
  void theRequestsServingRefusedAreCountedInTheirWindow() {
    JsonNode counts = MonitoredPlatform.json(given().queryParam("environment", "production")
        .queryParam("from", refusedFrom.toString()).queryParam("to", refusedTo.toString())
        .get("/monitoring/models/{m}/report", MonitoredPlatform.MODEL)
        .then().log().ifValidationFails().statusCode(200).extract().asString()).path("counts");
    assertThat(counts.path("rejected").asLong()).as(counts.toString()).isEqualTo(REFUSED);
    assertThat(counts.path("predictions").asLong()).as("the batch's good row").isEqualTo(1);
    assertThat(report(trainingLike).path("counts").path("rejected").asLong()).as("none in the other windows").isZero();
  }

  @Test
  @Order(5)
  void aGroupWithABiasedPositiveRateBreachesTheFairnessThreshold() {
    JsonNode report = report(biased);
    Map<String, long[]> bySex = new HashMap<>(); // positives, rows
    for (Traffic.Served s : biased.served()) {
      long[] c = bySex.computeIfAbsent(biased.row(s).get("sex"), k -> new long[2]);
      c[0] += s.prediction().equals("yes") ? 1 : 0;
      c[1]++;
    }
    JsonNode sex = null;
    for (JsonNode f : report.path("fairness")) {
      if (f.path("column").asText().equals("sex") && f.path("metric").asText().equals("positiveRate")) {
        sex = f;
      }
    }
    assertThat(sex).as(report.path("fairness").toString()).isNotNull();
    double female = (double) bySex.get("female")[0] / bySex.get("female")[1];
    double male = (double) bySex.get("male")[0] / bySex.get("male")[1];
    assertThat(sex.path("groups").path("female").asDouble()).isEqualTo(female);
    assertThat(sex.path("groups").path("male").asDouble()).isEqualTo(male);
    assertThat(sex.path("gap").asDouble()).isCloseTo(Math.abs(female - male), org.assertj.core.data.Offset.offset(1e-9))
        .isGreaterThan(0.2);
    assertThat(sex.path("verdict").path("status").asText()).isEqualTo("alert");
    assertThat(report.path("status").asText()).isEqualTo("alert");
  }

  static JsonNode report(Traffic t) {
    return MonitoredPlatform.json(given().queryParam("environment", "production")
        .queryParam("from", t.from().toString()).queryParam("to", t.to().toString())
        .get("/monitoring/models/{m}/report", MonitoredPlatform.MODEL)
        .then().log().ifValidationFails().statusCode(200).extract().asString());
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
