package dev.cd4ml.training.component;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import dev.cd4ml.contracts.events.EventEnvelope;
import dev.cd4ml.contracts.events.Topics;
import dev.cd4ml.fixtures.contract.TopicEvents;
import dev.cd4ml.parts.RealParts;
import dev.cd4ml.parts.RealPartsTestResource;
import dev.cd4ml.training.service.RunRecovery;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = RealPartsTestResource.class, initArgs = {
    @ResourceArg(name = "parts", value = "kafka,postgres,s3,keycloak"), @ResourceArg(name = "database", value = "training"),
    @ResourceArg(name = "client", value = "training-service")})
@QuarkusTestResource(Neighbours.class)
class TrainingRunComponentTest {
  @org.junit.jupiter.api.BeforeAll
  static void actAsTrainer() {
    // Runs, cancels and registrations need role trainer (issue 20): requests without a token of their own carry demo-trainer's.
    io.restassured.RestAssured.filters(dev.cd4ml.fixtures.auth.Tokens.asRole(dev.cd4ml.contracts.auth.Roles.TRAINER));
  }

  private static final Duration RUN_TIMEOUT = Duration.ofSeconds(120);

  @Inject
  RunRecovery recovery;
  @Inject
  EntityManager em;

  @Test
  void aRunGoesFromQueuedToSucceededAndRegistersItsModelWithFullLineage() throws Exception {
    JsonPath version = Runs.generatedVersion("credit-run", 3000, 7);
    String versionId = version.getString("id");

    String location = given().contentType(ContentType.JSON).body(Map.of(
            "dataset", "credit-run", "dataVersion", versionId, "algorithm", "random-forest",
            "params", Map.of("trees", 8, "maxDepth", 8), "seed", 42, "register", true,
            "codeRevision", "abc123", "tags", Map.of("purpose", "component-test")))
        .post("/training-runs")
        .then().statusCode(202)
        .body("status", equalTo("queued"))
        .body("params.fractionFeaturesPerSplit", equalTo(0.5f))
        .extract().header("Location");
    String id = location.substring(location.lastIndexOf('/') + 1);

    Runs.Observed observed = Runs.awaitEnd(id, RUN_TIMEOUT);
    JsonPath run = observed.run();
    assertThat(run.getString("status")).as(run.prettify()).isEqualTo("succeeded");
    // Progress was visible on the way: at least one in-between phase, rows counted up to the version's size.
    // On an idle machine the 3,000 rows can be loaded before the first poll: a phase before the end is what counts.
    assertThat(observed.statuses()).first().isIn("queued", "loading", "training");
    assertThat(observed.statuses()).containsAnyOf("loading", "training", "evaluating", "registering");
    assertThat(run.getLong("progress.rowsLoaded")).isEqualTo(3000);
    assertThat(run.getInt("progress.percent")).isEqualTo(100);
    assertThat(run.getMap("timings")).containsKeys("queued", "loading", "training", "evaluating", "registering", "total");

    // The generator's signal is learnable: clearly better than always answering the majority class.
    double accuracy = run.getDouble("metrics.accuracy");
    double majority = run.getDouble("metrics.majorityClassRate");
    assertThat(accuracy).isGreaterThan(majority + 0.02).isLessThanOrEqualTo(1.0);
    assertThat(run.getDouble("metrics.rocAuc")).isGreaterThan(0.7);
    assertThat(run.getMap("metrics")).containsKeys("macroF1", "fairness.sex.positiveRateGap",
        "fairness.sex.truePositiveRateGap", "fairness.age_band.accuracyGap");
    // How often each input feature drives the held-out predictions: monitoring's baseline for explanations.
    Map<String, Object> metrics = run.getMap("metrics");
    double incomeDrives = ((Number) metrics.get("drivers.income")).doubleValue();
    assertThat(incomeDrives).isBetween(0.0, 1.0);
    assertThat(metrics).containsKeys("drivers.employment", "drivers.sex", "drivers.age_band");
    assertThat(metrics.keySet()).noneMatch(k -> k.startsWith("drivers.") && k.contains("@"));
    assertThat(run.getList("evaluation.confusionMatrix")).hasSize(2);
    assertThat(run.getMap("evaluation.fairness.sex.groups")).containsKeys("female", "male");
    assertThat(run.getString("dataVersion")).isEqualTo(versionId);
    assertThat(run.getString("codeRevision")).isEqualTo("abc123");
    assertThat(run.getString("registration.state")).isEqualTo("registered");
    int modelVersion = run.getInt("registration.modelVersion");

    // The real registry holds the model with its lineage.
    given().baseUri(Neighbours.registryUrl()).get("/models/{name}/versions/{v}", "credit-run", modelVersion)
        .then().statusCode(200)
        .body("lineage.trainingRunId", equalTo(id))
        .body("lineage.dataset", equalTo("credit-run"))
        .body("lineage.dataVersion", equalTo(versionId))
        .body("lineage.codeRevision", equalTo("abc123"))
        .body("lineage.algorithm", equalTo("random-forest"))
        .body("lineage.params.trees", equalTo(8))
        .body("lineage.seed", equalTo(42))
        .body("lineage.metrics.accuracy", equalTo((float) accuracy))
        .body("lineage.metrics.'drivers.income'", equalTo((float) incomeDrives))
        .body("lineage.signature.labelColumn", equalTo("defaulted"))
        .body("lineage.signature.labels", containsInAnyOrder("no", "yes"))
        .body("lineage.signature.positiveLabel", equalTo("yes"))
        .body("lineage.signature.features.name", hasItem("employment"))
        .body("lineage.protectedColumns", containsInAnyOrder("sex", "age_band"))
        .body("lineage.provenance", notNullValue())
        // where the data came from, as data-service recorded it (a feedback harvest says source=feedback, its window)
        .body("lineage.dataOrigin.source", equalTo("upload"))
        .body("lineage.dataOrigin.number", equalTo(run.getInt("dataVersionNumber")))
        .body("lineage.dataOrigin.message", notNullValue());

    // training-run.completed reached Kafka through the outbox.
    EventEnvelope completed = awaitEvent("training-run.completed", id);
    assertThat(completed.payload().get("modelVersion").asInt()).isEqualTo(modelVersion);
    assertThat(completed.payload().get("dataVersion").asText()).isEqualTo(versionId);
  }

  @Test
  void aTamperedDownloadFailsTheRunWithTheHashMismatch() throws Exception {
    JsonPath version = Runs.generatedVersion("credit-tampered", 1000, 3);
    String versionId = version.getString("id");
    MinioClient s3 = MinioClient.builder().endpoint(RealParts.s3().endpoint())
        .credentials(RealParts.s3().accessKey(), RealParts.s3().secretKey()).region("us-east-1").build();
    String key = "credit-tampered/" + versionId + ".csv";
    byte[] original;
    try (InputStream in = s3.getObject(GetObjectArgs.builder().bucket("cd4ml-data").object(key).build())) {
      original = in.readAllBytes();
    }
    // Same length (data-service sends Content-Length), one digit of the first data row changed:
    // still a valid CSV, but other bytes than the version.
    String text = new String(original, StandardCharsets.UTF_8);
    int at = text.indexOf('\n') + 1;
    while (!Character.isDigit(text.charAt(at))) {
      at++;
    }
    char digit = text.charAt(at);
    String tampered = text.substring(0, at) + (digit == '9' ? '8' : (char) (digit + 1)) + text.substring(at + 1);
    byte[] bytes = tampered.getBytes(StandardCharsets.UTF_8);
    assertThat(bytes).hasSameSizeAs(original).isNotEqualTo(original);
    s3.putObject(PutObjectArgs.builder().bucket("cd4ml-data").object(key)
        .stream(new ByteArrayInputStream(bytes), bytes.length, -1).contentType("text/csv").build());

    String id = Runs.submit(Map.of("dataset", "credit-tampered", "dataVersion", versionId, "seed", 1));
    JsonPath run = Runs.awaitEnd(id, RUN_TIMEOUT).run();

    assertThat(run.getString("status")).isEqualTo("failed");
    assertThat(run.getString("failure.phase")).isEqualTo("loading");
    assertThat(run.getString("failure.reason")).startsWith("content hash mismatch: expected " + versionId + " got ");
    assertThat(run.getMap("metrics")).isNull();
    EventEnvelope failed = awaitEvent("training-run.failed", id);
    assertThat(failed.payload().get("reason").asText()).startsWith("content hash mismatch");
  }

  @Test
  void identicalInputsGiveIdenticalPredictions() throws Exception {
    String versionId = Runs.generatedVersion("credit-repro", 2000, 11).getString("id");
    Map<String, Object> body = Map.of("dataset", "credit-repro", "dataVersion", versionId, "algorithm", "random-forest",
        "params", Map.of("trees", 5, "maxDepth", 6), "seed", 99, "codeRevision", "rev-1", "register", true);
    String a = Runs.submit(body);
    JsonPath runA = Runs.awaitEnd(a, RUN_TIMEOUT).run();
    String b = Runs.submit(body);
    JsonPath runB = Runs.awaitEnd(b, RUN_TIMEOUT).run();
    assertThat(runA.getString("status")).isEqualTo("succeeded");
    assertThat(runB.getString("status")).isEqualTo("succeeded");

    assertThat(runB.getMap("metrics")).isEqualTo(runA.getMap("metrics"));
    assertThat(runB.getList("evaluation.confusionMatrix")).isEqualTo(runA.getList("evaluation.confusionMatrix"));
    // Both registered models, fetched back from the registry, predict the same on every row of the data.
    byte[] csv = given().baseUri(Neighbours.dataUrl()).get("/datasets/credit-repro/versions/{v}/content", versionId)
        .then().statusCode(200).extract().asByteArray();
    JsonPath version = given().baseUri(Neighbours.dataUrl()).get("/datasets/credit-repro/versions/{v}", versionId)
        .then().statusCode(200).extract().jsonPath();
    List<String> predictionsA = ModelFiles.predictions(registryArtifact("credit-repro", runA.getInt("registration.modelVersion")), csv, version);
    List<String> predictionsB = ModelFiles.predictions(registryArtifact("credit-repro", runB.getInt("registration.modelVersion")), csv, version);
    assertThat(predictionsA).hasSize(2000).isEqualTo(predictionsB);

    // Compare marks nothing but identity as different; another seed shows up as a differing input.
    given().queryParam("ids", a + "," + b).get("/training-runs/compare").then().statusCode(200)
        .body("inputs.find { it.name == 'seed' }.differs", equalTo(false))
        .body("metrics.find { it.name == 'accuracy' }.differs", equalTo(false));
  }

  @Test
  void listingFiltersSortsAndComparesRuns() throws Exception {
    String versionId = Runs.generatedVersion("credit-list", 1000, 5).getString("id");
    String shallow = Runs.submit(Map.of("dataset", "credit-list", "dataVersion", versionId, "params", Map.of("maxDepth", 1), "seed", 1));
    Runs.awaitEnd(shallow, RUN_TIMEOUT);
    String deep = Runs.submit(Map.of("dataset", "credit-list", "dataVersion", "latest", "params", Map.of("maxDepth", 6), "seed", 2));
    Runs.awaitEnd(deep, RUN_TIMEOUT);

    JsonPath page = given().queryParam("dataset", "credit-list").queryParam("status", "succeeded")
        .queryParam("sort", "metrics.accuracy:desc").queryParam("size", 10)
        .get("/training-runs").then().statusCode(200).extract().jsonPath();
    assertThat(page.getLong("total")).isEqualTo(2);
    List<Float> accuracies = page.getList("items.metrics.accuracy", Float.class);
    assertThat(accuracies).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    assertThat(page.getList("items.id")).containsExactlyInAnyOrder(shallow, deep);

    given().queryParam("ids", shallow + "," + deep).get("/training-runs/compare").then().statusCode(200)
        .body("runs.id", org.hamcrest.Matchers.contains(shallow, deep))
        .body("inputs.find { it.name == 'params.maxDepth' }.values", org.hamcrest.Matchers.contains(1, 6))
        .body("inputs.find { it.name == 'params.maxDepth' }.differs", equalTo(true))
        .body("inputs.find { it.name == 'dataVersion' }.differs", equalTo(false));

    given().queryParam("sort", "bogus").get("/training-runs").then().statusCode(400)
        .contentType("application/problem+json").body("errors.field", hasItem("sort"));
  }

  @Test
  void badRequestsAreProblemsNamingTheField() {
    given().contentType(ContentType.JSON).body(Map.of("dataset", "credit", "algorithm", "xgboost"))
        .post("/training-runs").then().statusCode(400).contentType("application/problem+json")
        .body("errors.field", hasItem("algorithm"));
    given().contentType(ContentType.JSON)
        .body(Map.of("dataset", "credit", "params", Map.of("maxDepth", 0, "minChildWeight", -1), "split", Map.of("testFraction", 1.5)))
        .post("/training-runs").then().statusCode(400)
        .body("errors.field", org.hamcrest.Matchers.hasItems("params.maxDepth", "params.minChildWeight", "split.testFraction"));
    given().contentType(ContentType.JSON).body(Map.of("algorithm", "cart"))
        .post("/training-runs").then().statusCode(400).body("errors.field", hasItem("dataset"));
    // The platform's one name rule, checked before training: the registry would refuse "Credit" after the run.
    given().contentType(ContentType.JSON).body(Map.of("dataset", "credit", "modelName", "Credit", "dataVersion", "v0"))
        .post("/training-runs").then().statusCode(400).contentType("application/problem+json")
        .body("errors.field", org.hamcrest.Matchers.hasItems("modelName", "dataVersion"))
        .body("errors.find { it.field == 'modelName' }.message", org.hamcrest.Matchers.containsString("lower-case"));
    given().contentType(ContentType.JSON).body(Map.of("dataset", "Credit"))
        .post("/training-runs").then().statusCode(400).body("errors.field", hasItem("dataset"));
    given().get("/training-runs/{id}", UUID.randomUUID()).then().statusCode(404).contentType("application/problem+json");
  }

  @Test
  void anUnknownDatasetFailsTheRunWithTheReason() throws Exception {
    String id = Runs.submit(Map.of("dataset", "no-such-dataset-" + System.nanoTime(), "seed", 1));
    JsonPath run = Runs.awaitEnd(id, RUN_TIMEOUT).run();
    assertThat(run.getString("status")).isEqualTo("failed");
    assertThat(run.getString("failure.reason")).contains("not found");
  }

  @Test
  void aFullQueueAnswers429AndRunsCanBeCancelled() throws Exception {
    // The test profile has 1 worker and a queue of 1.
    String versionId = Runs.generatedVersion("credit-busy", 20000, 1).getString("id");
    Map<String, Object> body = Map.of("dataset", "credit-busy", "dataVersion", versionId, "seed", 1);
    String running = Runs.submit(body);
    String queued = Runs.submit(body);
    given().contentType(ContentType.JSON).body(body).post("/training-runs")
        .then().statusCode(429).contentType("application/problem+json")
        .header("Retry-After", "2");

    given().delete("/training-runs/{id}", queued).then().statusCode(202).body("status", equalTo("cancelled"));
    given().delete("/training-runs/{id}", running).then().statusCode(202);
    assertThat(Runs.awaitEnd(running, RUN_TIMEOUT).run().getString("status")).isEqualTo("cancelled");
    assertThat(Runs.awaitEnd(queued, RUN_TIMEOUT).run().getString("status")).isEqualTo("cancelled");
    given().delete("/training-runs/{id}", running).then().statusCode(409).contentType("application/problem+json");

    // Slots are free again.
    String after = Runs.submit(Map.of("dataset", "credit-busy", "dataVersion", versionId, "seed", 1, "params", Map.of("maxDepth", 2)));
    assertThat(Runs.awaitEnd(after, RUN_TIMEOUT).run().getString("status")).isEqualTo("succeeded");
  }

  @Test
  void runsLeftInProgressByADeadProcessAreMarkedFailed() {
    UUID orphan = UUID.randomUUID();
    insertOrphan(orphan);
    assertThat(recovery.recover()).isGreaterThanOrEqualTo(1);
    given().get("/training-runs/{id}", orphan).then().statusCode(200)
        .body("status", equalTo("failed"))
        .body("failure.reason", equalTo(RunRecovery.REASON))
        .body("failure.phase", equalTo("training"));
  }

  @Transactional
  void insertOrphan(UUID id) {
    em.createNativeQuery("insert into training_run (id, dataset, data_version_ref, algorithm, params, seed, split, code_revision,"
            + " register, model_name, status, created_at, updated_at) values (?1, 'ghost', 'latest', 'cart', '{}', 1,"
            + " '{\"testFraction\":0.2,\"stratified\":true}', 'unknown', false, 'ghost', 'training', now(), now())")
        .setParameter(1, id).executeUpdate();
  }

  private static byte[] registryArtifact(String model, int version) {
    return given().baseUri(Neighbours.registryUrl()).get("/models/{m}/versions/{v}/artifact", model, version)
        .then().statusCode(200).extract().asByteArray();
  }

  static EventEnvelope awaitEvent(String type, String runId) {
    // Runs are the topic's record keys.
    return TopicEvents.awaitType(RealParts.kafka().bootstrapServers(), Topics.TRAINING_RUNS, runId, type, Duration.ofSeconds(30))
        .stream().filter(e -> e.type().equals(type)).findFirst().orElseThrow();
  }

  @Test
  void writesNeedRoleTrainer() {
    String id = java.util.UUID.randomUUID().toString();
    String body = "{\"dataset\":\"credit-auth\",\"seed\":1}";
    java.util.List<java.util.Map.Entry<String, String>> refused = new java.util.ArrayList<>(
        dev.cd4ml.fixtures.auth.Tokens.refused());
    for (java.util.Map.Entry<String, String> bad : refused) {
      io.restassured.specification.RequestSpecification spec = given().noFilters();
      if (!bad.getValue().isEmpty()) {
        spec = spec.header("Authorization", "Bearer " + bad.getValue());
      }
      spec.contentType(ContentType.JSON).body(body).post("/training-runs").then().statusCode(401)
          .contentType("application/problem+json").header("WWW-Authenticate", org.hamcrest.Matchers.containsString("Bearer"));
      given().noFilters().header("Authorization", "Bearer " + bad.getValue()).delete("/training-runs/{id}", id)
          .then().statusCode(401);
      given().noFilters().header("Authorization", "Bearer " + bad.getValue()).post("/training-runs/{id}/registration", id)
          .then().statusCode(401);
    }
    for (String other : new String[] {dev.cd4ml.fixtures.auth.Tokens.withoutRole(),
        dev.cd4ml.fixtures.auth.Tokens.forRole(dev.cd4ml.contracts.auth.Roles.DATA_WRITER)}) {
      given().noFilters().header("Authorization", "Bearer " + other).contentType(ContentType.JSON).body(body)
          .post("/training-runs").then().statusCode(403).contentType("application/problem+json");
      given().noFilters().header("Authorization", "Bearer " + other).delete("/training-runs/{id}", id).then().statusCode(403);
      given().noFilters().header("Authorization", "Bearer " + other).post("/training-runs/{id}/registration", id)
          .then().statusCode(403);
    }
    // with the role the operation runs (an unknown run: 404, past the role check); reads stay open
    given().delete("/training-runs/{id}", id).then().statusCode(404);
    given().noFilters().get("/training-runs").then().statusCode(200);
  }
}
