package dev.cd4ml.registry;

import static dev.cd4ml.registry.RegistryApi.BOTH;
import static dev.cd4ml.registry.RegistryApi.PIPELINE;
import static dev.cd4ml.registry.RegistryApi.PROMOTER;
import static dev.cd4ml.registry.RegistryApi.check;
import static dev.cd4ml.registry.RegistryApi.registerNew;
import static dev.cd4ml.registry.RegistryApi.stage;
import static dev.cd4ml.registry.RegistryApi.stageAndAccept;
import static dev.cd4ml.registry.RegistryApi.stageOf;
import static dev.cd4ml.registry.RegistryApi.uniqueModel;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.startsWith;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cd4ml.contracts.events.EventEnvelope;
import dev.cd4ml.contracts.events.ModelVersionStageChanged;
import dev.cd4ml.outbox.OutboxRelay;
import dev.cd4ml.parts.RealPartsTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import dev.cd4ml.fixtures.auth.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = RealPartsTestResource.class, initArgs = {
    @ResourceArg(name = "parts", value = "kafka,postgres,s3,keycloak"),
    @ResourceArg(name = "database", value = "registry")})
class StageComponentTest {

  @Inject
  OutboxRelay relay;

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String kafka;

  @Test
  void movingIntoAStageArchivesThePreviousHolderInOneChangeWithHistoryAndEvents() {
    String model = uniqueModel("stages");
    int v1 = registerNew(model, TinyModels.lineage("run-1", 0.90));
    int v2 = registerNew(model, TinyModels.lineage("run-2", 0.91));

    stage(model, v1, "staging", PIPELINE).then().statusCode(200).body("stage", equalTo("staging"));
    check(model, v1, "acceptance", true, PIPELINE).then().statusCode(201)
        .body("name", equalTo("acceptance")).body("passed", equalTo(true))
        .body("stage", equalTo("staging")).body("recordedAt", notNullValue());
    stage(model, v1, "production", PROMOTER).then().statusCode(200).body("stage", equalTo("production"));

    stage(model, v2, "staging", PIPELINE).then().statusCode(200);
    assertEquals("production", stageOf(model, v1));
    check(model, v2, "acceptance", true, PIPELINE).then().statusCode(201);
    stage(model, v2, "production", PROMOTER).then().statusCode(200)
        .body("stage", equalTo("production"))
        .body("checks.name", contains("acceptance"))
        .body("checks[0].stage", equalTo("staging"));

    assertEquals("archived", stageOf(model, v1));
    given().get("/models/{m}/stages/production", model).then().statusCode(200).body("version", equalTo(v2));
    given().get("/models/{m}/stages/staging", model).then().statusCode(404).contentType("application/problem+json");
    given().get("/models").then().statusCode(200)
        .body("find { it.name == '" + model + "' }.stages", equalTo(Map.of("production", v2)));

    // Staging a version again and moving it to the same stage twice is a no-op the second time.
    stage(model, v1, "staging", PIPELINE).then().statusCode(200);
    stage(model, v1, "staging", PIPELINE).then().statusCode(200).body("stage", equalTo("staging"));

    JsonPath history = given().get("/models/{m}/history", model).then().statusCode(200).extract().jsonPath();
    assertEquals(List.of(
        "1:none>staging:demo-pipeline", "1:staging>production:demo-release-manager", "2:none>staging:demo-pipeline",
        "1:production>archived:demo-release-manager", "2:staging>production:demo-release-manager", "1:archived>staging:demo-pipeline"), transitions(history));
    assertEquals("replaced in production by version 2: test moves v2 to production", history.getString("[3].reason"));
    assertEquals("model-pipeline/7", history.getString("[4].pipelineLabel"));
    assertEquals("test moves v2 to production", history.getString("[4].reason"));
    assertEquals(model, history.getString("[4].model"));
    history.getList("at").forEach(at -> assertEquals(String.class, at.getClass()));

    // Exactly one event per change, in order, with what serving needs to swap.
    List<EventEnvelope> events = drainedEvents(model);
    assertEquals(List.of("model-version.registered", "model-version.registered"),
        events.stream().map(EventEnvelope::type).filter(t -> t.endsWith("registered")).toList());
    List<ModelVersionStageChanged> changes = events.stream().filter(e -> e.type().equals("model-version.stage-changed"))
        .map(e -> e.payloadAs(ModelVersionStageChanged.class)).toList();
    assertEquals(transitions(history), changes.stream().map(c -> c.version() + ":" + c.from() + ">" + c.to() + ":" + c.actor()).toList());
    ModelVersionStageChanged toProduction = changes.get(4);
    String sha = given().get("/models/{m}/versions/{v}", model, v2).then().extract().path("artifactSha256");
    assertEquals(sha, toProduction.artifactSha256());
    org.hamcrest.MatcherAssert.assertThat(toProduction.artifactUri(), endsWith("/models/" + model + "/" + sha + ".tribuo"));
  }

  @Test
  void rollbackPromotesAnEarlierVersionAgain() {
    String model = uniqueModel("rollback");
    int v1 = registerNew(model, TinyModels.lineage("run-1", 0.85));
    int v2 = registerNew(model, TinyModels.lineage("run-2", 0.93));
    stageAndAccept(model, v1);
    stage(model, v1, "production", PROMOTER).then().statusCode(200);
    stageAndAccept(model, v2);
    stage(model, v2, "production", PROMOTER).then().statusCode(200);
    assertEquals("archived", stageOf(model, v1));

    // v2 misbehaves in production: roll back to v1, although v1 scored 0.08 lower offline.
    stage(model, v1, "production", PROMOTER).then().statusCode(200).body("stage", equalTo("production"));
    assertEquals("archived", stageOf(model, v2));
    given().get("/models/{m}/stages/production", model).then().body("version", equalTo(v1));

    // And forward again.
    stage(model, v2, "production", BOTH).then().statusCode(200);
    assertEquals("archived", stageOf(model, v1));
    List<String> history = transitions(given().get("/models/{m}/history", model).then().extract().jsonPath());
    assertEquals(List.of("1:none>staging:demo-pipeline", "1:staging>production:demo-release-manager", "2:none>staging:demo-pipeline",
        "1:production>archived:demo-release-manager", "2:staging>production:demo-release-manager",
        "2:production>archived:demo-release-manager", "1:archived>production:demo-release-manager",
        "1:production>archived:demo-release-manager", "2:archived>production:demo-release-manager"), history);
  }

  @Test
  void productionNeedsAPassedAcceptanceCheckRecordedInStaging() {
    String model = uniqueModel("acceptance");
    int v1 = registerNew(model, TinyModels.lineage("run-1", 0.9));
    // Recorded before staging: does not count.
    check(model, v1, "acceptance", true, PIPELINE).then().statusCode(201).body("stage", equalTo("none"));
    refused(model, v1, "required-check", "no 'acceptance' check recorded while it was in staging");

    stage(model, v1, "staging", PIPELINE).then().statusCode(200);
    refused(model, v1, "required-check", "no 'acceptance' check");
    check(model, v1, "acceptance", false, PIPELINE).then().statusCode(201);
    refused(model, v1, "required-check", "failed: 2 cases failed");
    check(model, v1, "acceptance", true, PIPELINE).then().statusCode(201);
    stage(model, v1, "production", PROMOTER).then().statusCode(200);
  }

  @Test
  void theMetricGateRefusesLowMissingAndRegressedVersions() {
    String model = uniqueModel("gate");
    int low = registerNew(model, TinyModels.lineage("run-low", 0.55));
    stageAndAccept(model, low);
    refused(model, low, "min-value", "accuracy 0.5500 is below the minimum 0.6000");

    int noMetric = registerNew(model, TinyModels.lineage("run-nm", Map.of("macroF1", 0.9)));
    stageAndAccept(model, noMetric);
    refused(model, noMetric, "primary-metric", "reports no 'accuracy' metric");

    int good = registerNew(model, TinyModels.lineage("run-good", 0.92));
    stageAndAccept(model, good);
    stage(model, good, "production", PROMOTER).then().statusCode(200);

    int worse = registerNew(model, TinyModels.lineage("run-worse", 0.89));
    stageAndAccept(model, worse);
    refused(model, worse, "max-regression", "accuracy 0.8900 is 0.0300 below production version " + good);

    int withinTolerance = registerNew(model, TinyModels.lineage("run-ok", 0.905));
    stageAndAccept(model, withinTolerance);
    stage(model, withinTolerance, "production", PROMOTER).then().statusCode(200);
  }

  @Test
  void theRegressionGateComparesOnTheSameRowsWhenTheChampionFiguresAreOfTheProductionVersion() {
    String model = uniqueModel("champion");
    int v1 = registerNew(model, TinyModels.lineage("run-v1", 0.80));
    stageAndAccept(model, v1);
    stage(model, v1, "production", PROMOTER).then().statusCode(200);

    // Retrained on drifted data: 0.74 on its rows, where v1 reaches 0.716. Against v1's own 0.80 it would be refused.
    int retrained = registerNew(model, TinyModels.lineage("run-v2", Map.of("accuracy", 0.74,
        "champion.version", (double) v1, "champion.accuracy", 0.716, "fairness.sex.positiveRateGap", 0.05)));
    int noChampion = registerNew(model, TinyModels.lineage("run-v3", 0.74));
    stageAndAccept(model, noChampion);
    refused(model, noChampion, "max-regression", "recorded figures, each on its own data version (no champion figures "
        + "recorded): accuracy 0.7400 is 0.0600 below production version " + v1 + " (0.8000)");

    stageAndAccept(model, retrained);
    stage(model, retrained, "production", PROMOTER).then().statusCode(200);
    List<Map<String, Object>> history = given().get("/models/{m}/history", model).then().statusCode(200)
        .extract().jsonPath().getList("$");
    Map<String, Object> entry = history.get(history.size() - 1);
    assertEquals(retrained, entry.get("version"));
    assertEquals("production", entry.get("to"));
    assertEquals("same held-out rows: accuracy 0.7400 against production version " + v1 + "'s 0.7160 (champion.accuracy, "
        + "measured by training on version " + retrained + "'s held-out rows); the tolerance is 0.0200", entry.get("gate"));
    // The archiving of v1 and entries outside production carry no gate; v1's entry had nothing to compare with.
    history.stream().filter(e -> !e.equals(entry)).forEach(e -> assertEquals(null, e.get("gate"), e.toString()));

    // Champion figures of v1 no longer speak for the version in production now: the fallback comparison applies.
    int stale = registerNew(model, TinyModels.lineage("run-v4", Map.of("accuracy", 0.70,
        "champion.version", (double) v1, "champion.accuracy", 0.60)));
    stageAndAccept(model, stale);
    refused(model, stale, "max-regression", "its champion figures are of version " + v1 + ", not of production version "
        + retrained + "): accuracy 0.7000 is 0.0400 below production version " + retrained + " (0.7400)");
  }

  @Test
  void theFairnessGateRefusesEveryGapAboveTheMaximum() {
    String model = uniqueModel("fairness");
    int v = registerNew(model, TinyModels.lineage("run-f", Map.of("accuracy", 0.9,
        "fairness.sex.positiveRateGap", 0.31, "fairness.age_band.truePositiveRateGap", 0.4,
        "fairness.region.positiveRateGap", 0.1)));
    stageAndAccept(model, v);
    stage(model, v, "production", PROMOTER).then().statusCode(409)
        .body("errors.field", contains("max-fairness-gap", "max-fairness-gap"))
        .body("errors[0].message", equalTo("fairness.age_band.truePositiveRateGap 0.4000 exceeds the maximum fairness gap 0.2500"))
        .body("errors[1].message", equalTo("fairness.sex.positiveRateGap 0.3100 exceeds the maximum fairness gap 0.2500"));
  }

  @Test
  void aRefusalListsEveryUnmetRuleAndChangesNothing() {
    String model = uniqueModel("refusal");
    int prod = registerNew(model, TinyModels.lineage("run-p", 0.95));
    stageAndAccept(model, prod);
    stage(model, prod, "production", PROMOTER).then().statusCode(200);
    int bad = registerNew(model, TinyModels.lineage("run-bad", Map.of("accuracy", 0.5, "fairness.sex.positiveRateGap", 0.5)));
    stage(model, bad, "staging", PIPELINE).then().statusCode(200);
    List<String> before = transitions(given().get("/models/{m}/history", model).then().extract().jsonPath());
    int eventsBefore = drainedEvents(model).size();

    stage(model, bad, "production", PROMOTER).then().statusCode(409)
        .contentType("application/problem+json")
        .body("type", endsWith("/promotion-refused"))
        .body("detail", containsString("Nothing was changed"))
        .body("errors.field", contains("required-check", "min-value", "max-regression", "max-fairness-gap"))
        .body("errorCount", equalTo(4));

    assertEquals("staging", stageOf(model, bad));
    assertEquals("production", stageOf(model, prod));
    assertEquals(before, transitions(given().get("/models/{m}/history", model).then().extract().jsonPath()));
    assertEquals(eventsBefore, drainedEvents(model).size());
  }

  @Test
  void perModelPolicyOverridesTheDefaults() {
    // %test.cd4ml.policy.models."strict-model".min-value=0.95 (max-fairness-gap 0.05)
    int v = registerNew("strict-model", TinyModels.lineage("run-s", Map.of("accuracy", 0.9, "fairness.sex.positiveRateGap", 0.08)));
    stageAndAccept("strict-model", v);
    stage("strict-model", v, "production", PROMOTER).then().statusCode(409)
        .body("errors.field", contains("min-value", "max-fairness-gap"))
        .body("errors[0].message", equalTo("accuracy 0.9000 is below the minimum 0.9500"));
  }

  @Test
  void rolesAreChecked() {
    String model = uniqueModel("roles");
    int v = registerNew(model, TinyModels.lineage("run-r", 0.9));

    stage(model, v, "staging", null).then().statusCode(401)
        .contentType("application/problem+json")
        .header("WWW-Authenticate", containsString("Bearer"))
        .body("detail", containsString("Authorization: Bearer"));
    stage(model, v, "staging", "no-such-token").then().statusCode(401).contentType("application/problem+json")
        .body("detail", containsString("refused"));
    // Expired, wrongly signed, foreign issuer: all 401, on both secured operations, whatever roles they hold.
    for (Map.Entry<String, String> bad : Tokens.refused()) {
      stage(model, v, "staging", bad.getValue()).then().statusCode(401).contentType("application/problem+json")
          .header("WWW-Authenticate", containsString("Bearer"));
      check(model, v, "acceptance", true, bad.getValue()).then().statusCode(401).contentType("application/problem+json");
    }
    // A valid token of the realm without a role: 403, nothing recorded.
    stage(model, v, "staging", Tokens.withoutRole()).then().statusCode(403).contentType("application/problem+json");
    check(model, v, "acceptance", true, Tokens.withoutRole()).then().statusCode(403);
    given().contentType(ContentType.JSON).header("Authorization", "Basic dXNlcjpwYXNz").body(Map.of("stage", "staging"))
        .post("/models/{m}/versions/{v}/stage", model, v).then().statusCode(401);
    // Authentication comes first, even before a malformed body is looked at.
    given().contentType(ContentType.JSON).body("{not json").post("/models/{m}/versions/{v}/stage", model, v)
        .then().statusCode(401);
    check(model, v, "acceptance", true, null).then().statusCode(401);

    stage(model, v, "staging", PIPELINE).then().statusCode(200);
    check(model, v, "acceptance", true, PIPELINE).then().statusCode(201);
    stage(model, v, "production", PIPELINE).then().statusCode(403)
        .contentType("application/problem+json")
        .body("detail", startsWith("'demo-pipeline' (roles ["))
        .body("detail", endsWith("may not move a version from staging to production; that needs the role release-manager."));
    stage(model, v, "archived", PIPELINE).then().statusCode(403);
    assertEquals("staging", stageOf(model, v));

    stage(model, v, "production", PROMOTER).then().statusCode(200);
    // Taking a version out of production is a promoter's decision too.
    stage(model, v, "staging", PIPELINE).then().statusCode(403);
    check(model, v, "smoke", true, PROMOTER).then().statusCode(201).body("stage", equalTo("production"));
    stage(model, v, "archived", PROMOTER).then().statusCode(200);
    given().get("/models/{m}/stages/production", model).then().statusCode(404);
  }

  @Test
  void badStageRequestsAreProblems() {
    String model = uniqueModel("bad");
    int v = registerNew(model, TinyModels.lineage("run-b", 0.9));
    given().contentType(ContentType.JSON).header("Authorization", "Bearer " + RegistryApi.bearer(PROMOTER)).body(Map.of("stage", "heaven"))
        .post("/models/{m}/versions/{v}/stage", model, v).then().statusCode(400).contentType("application/problem+json")
        .body("errors[0].field", equalTo("stage"));
    given().contentType(ContentType.JSON).header("Authorization", "Bearer " + RegistryApi.bearer(PROMOTER)).body(Map.of("reason", "x"))
        .post("/models/{m}/versions/{v}/stage", model, v).then().statusCode(400).body("errors[0].field", equalTo("stage"));
    stage(model, v, "none", PROMOTER).then().statusCode(400);
    stage(model, 99, "staging", PROMOTER).then().statusCode(404).contentType("application/problem+json");
    stage("no-such-model", 1, "staging", PROMOTER).then().statusCode(404);
    given().contentType(ContentType.JSON).header("Authorization", "Bearer " + RegistryApi.bearer(PIPELINE)).body(Map.of("details", "x"))
        .post("/models/{m}/versions/{v}/checks", model, v).then().statusCode(400)
        .body("errors.field", contains("name", "passed"));
    given().get("/models/{m}/stages/archived", model).then().statusCode(400);
    given().get("/models/{m}/stages/heaven", model).then().statusCode(400);
    given().get("/models/{m}/history", "no-such-model").then().statusCode(404);
    given().get("/models/{m}/history", model).then().statusCode(200).body("$", hasSize(0));
  }

  @Test
  void aCanaryHoldsItsWeightBesideProductionAndIsPromotedOrAbortedInOneChange() {
    String model = uniqueModel("canary");
    int v1 = registerNew(model, TinyModels.lineage("run-1", 0.90));
    int v2 = registerNew(model, TinyModels.lineage("run-2", 0.80)); // offline worse: max-regression would refuse it
    int v3 = registerNew(model, TinyModels.lineage("run-3", 0.92));
    stageAndAccept(model, v1);
    stage(model, v1, "production", PROMOTER).then().statusCode(200);

    // Not accepted in staging yet: canary needs what production needs (but the regression rule).
    canary(model, v2, 10, PROMOTER).then().statusCode(409).contentType("application/problem+json")
        .body("errors.field", contains("required-check"))
        .body("detail", containsString("may not enter canary"));
    stageAndAccept(model, v2);
    canary(model, v2, 10, PIPELINE).then().statusCode(403);
    canary(model, v2, 101, PROMOTER).then().statusCode(400).body("errors[0].field", equalTo("trafficWeight"));
    canary(model, v1, 10, PROMOTER).then().statusCode(400).body("detail", containsString("its own canary"));
    canary(model, v2, 10, PROMOTER).then().statusCode(200)
        .body("stage", equalTo("canary")).body("trafficWeight", equalTo(10));
    given().get("/models/{m}/stages/canary", model).then().statusCode(200)
        .body("version", equalTo(v2)).body("trafficWeight", equalTo(10));
    given().get("/models/{m}/stages/production", model).then().body("version", equalTo(v1))
        .body("trafficWeight", org.hamcrest.Matchers.nullValue());
    given().get("/models").then().body("find { it.name == '" + model + "' }.stages",
        equalTo(Map.of("production", v1, "canary", v2)));

    // The weight changes in place; the same weight again changes nothing.
    canary(model, v2, 25, PROMOTER).then().statusCode(200).body("trafficWeight", equalTo(25));
    canary(model, v2, 25, PROMOTER).then().statusCode(200);
    // The canary did worse on live traffic: abort.
    stage(model, v2, "archived", PROMOTER).then().statusCode(200).body("trafficWeight", org.hamcrest.Matchers.nullValue());
    given().get("/models/{m}/stages/canary", model).then().statusCode(404);
    assertEquals("production", stageOf(model, v1));

    // A good one: canary, then promoted with every production rule; production's holder is archived.
    stageAndAccept(model, v3);
    canary(model, v3, null, PROMOTER).then().statusCode(200).body("trafficWeight", equalTo(10));
    stage(model, v3, "production", PROMOTER).then().statusCode(200).body("stage", equalTo("production"));
    assertEquals("archived", stageOf(model, v1));
    given().get("/models/{m}/stages/canary", model).then().statusCode(404);

    JsonPath history = given().get("/models/{m}/history", model).then().extract().jsonPath();
    List<String> moves = transitions(history);
    assertEquals(List.of("1:none>staging:demo-pipeline", "1:staging>production:demo-release-manager", "2:none>staging:demo-pipeline",
        "2:staging>canary:demo-release-manager", "2:canary>canary:demo-release-manager", "2:canary>archived:demo-release-manager", "3:none>staging:demo-pipeline",
        "3:staging>canary:demo-release-manager", "1:production>archived:demo-release-manager", "3:canary>production:demo-release-manager"), moves);
    assertEquals(List.of(10, 25, 10), history.getList("findAll { it.to == 'canary' }.trafficWeight"));
    assertEquals("traffic weight 10 % -> 25 %: test moves v2 to canary", history.getString("[4].reason"));

    List<ModelVersionStageChanged> changes = drainedEvents(model).stream()
        .filter(e -> e.type().equals("model-version.stage-changed"))
        .map(e -> e.payloadAs(ModelVersionStageChanged.class)).toList();
    assertEquals(moves, changes.stream().map(c -> c.version() + ":" + c.from() + ">" + c.to() + ":" + c.actor()).toList());
    assertEquals(java.util.Arrays.asList(null, null, null, 10, 25, null, null, 10, null, null),
        changes.stream().map(ModelVersionStageChanged::trafficWeight).toList(), "the weight travels with the event");
  }

  private static io.restassured.response.Response canary(String model, int version, Integer weight, String token) {
    Map<String, Object> body = new java.util.LinkedHashMap<>();
    body.put("stage", "canary");
    body.put("reason", "test moves v" + version + " to canary");
    body.put("pipelineLabel", "model-pipeline/7");
    if (weight != null) {
      body.put("trafficWeight", weight);
    }
    return given().contentType(ContentType.JSON).header("Authorization", "Bearer " + RegistryApi.bearer(token)).body(body)
        .post("/models/{m}/versions/{v}/stage", model, version);
  }

  private static void refused(String model, int version, String rule, String message) {
    stage(model, version, "production", PROMOTER).then().statusCode(409)
        .contentType("application/problem+json")
        .body("errors.field", contains(rule))
        .body("errors[0].message", containsString(message));
  }

  static List<String> transitions(JsonPath history) {
    List<Map<String, Object>> entries = history.getList("$");
    return entries.stream().map(e -> e.get("version") + ":" + e.get("from") + ">" + e.get("to") + ":" + e.get("actor")).toList();
  }

  private List<EventEnvelope> drainedEvents(String model) {
    await().atMost(Duration.ofSeconds(30)).until(() -> relay.pendingCount() == 0);
    return ModelEvents.of(kafka, model);
  }
}
