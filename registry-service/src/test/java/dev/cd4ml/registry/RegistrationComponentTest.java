package dev.cd4ml.registry;

import static dev.cd4ml.registry.RegistryApi.register;
import static dev.cd4ml.registry.RegistryApi.registerNew;
import static dev.cd4ml.registry.RegistryApi.uniqueModel;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cd4ml.contracts.events.EventEnvelope;
import dev.cd4ml.contracts.events.ModelVersionRegistered;
import dev.cd4ml.contracts.model.ModelLineage;
import dev.cd4ml.outbox.OutboxRelay;
import dev.cd4ml.parts.RealParts;
import dev.cd4ml.parts.RealPartsTestResource;
import dev.cd4ml.objectstore.ObjectStore;
import io.minio.ListObjectsArgs;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import dev.cd4ml.contracts.auth.Roles;
import dev.cd4ml.fixtures.auth.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.classification.Label;

@QuarkusTest
@QuarkusTestResource(value = RealPartsTestResource.class, initArgs = {
    @ResourceArg(name = "parts", value = "kafka,postgres,s3,keycloak"),
    @ResourceArg(name = "database", value = "registry")})
class RegistrationComponentTest {

  @Inject
  ObjectStore store;

  @Inject
  OutboxRelay relay;

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String kafka;

  @TestHTTPResource("/")
  URI base;

  @Test
  void registersVersionsWithLineageAndAnnouncesEachOnce() throws Exception {
    String model = uniqueModel("reg");
    byte[] artifact = TinyModels.artifact(11);
    String sha = sha256(artifact);

    Response created = register(model, artifact, TinyModels.lineage("run-11", 0.91));
    created.then().statusCode(201)
        .header("Location", endsWith("/models/" + model + "/versions/1"))
        .body("model", equalTo(model))
        .body("version", equalTo(1))
        .body("stage", equalTo("none"))
        .body("artifactSha256", equalTo(sha))
        .body("artifactSize", equalTo(artifact.length))
        .body("artifactUri", equalTo("s3://" + store.bucket() + "/models/" + model + "/" + sha + ".tribuo"))
        .body("registeredAt", notNullValue());

    assertEquals(2, registerNew(model, TinyModels.lineage("run-12", 0.92)));

    // The lineage comes back as it was sent.
    given().get("/models/{m}/versions/1", model).then().statusCode(200)
        .body("lineage.trainingRunId", equalTo("run-11"))
        .body("lineage.dataset", equalTo("credit"))
        .body("lineage.dataVersion", equalTo("sha-run-11"))
        .body("lineage.codeRevision", equalTo("abc1234"))
        .body("lineage.algorithm", equalTo("CART"))
        .body("lineage.seed", equalTo(42))
        .body("lineage.params.maxDepth", equalTo(4))
        .body("lineage.metrics.accuracy", equalTo(0.91f))
        .body("lineage.signature.features.name", contains("income", "debt_to_income"))
        .body("lineage.signature.labels", contains("yes", "no"))
        .body("lineage.provenance", containsString("CART"))
        .body("checks", equalTo(List.of()));

    // The same bytes again: the existing version, no new one.
    register(model, artifact, TinyModels.lineage("run-11", 0.91)).then().statusCode(200).body("version", equalTo(1));

    given().get("/models/{m}/versions?size=1", model).then().statusCode(200)
        .body("total", equalTo(2)).body("items.version", contains(2));
    given().get("/models/{m}/versions", model).then().statusCode(200).body("items.version", contains(2, 1));
    given().get("/models").then().statusCode(200)
        .body("find { it.name == '" + model + "' }.latestVersion", equalTo(2));
    assertTrue(store.stat("models/" + model + "/" + sha + ".tribuo").isPresent());

    List<EventEnvelope> events = drainedEvents(model);
    assertEquals(List.of("model-version.registered", "model-version.registered"), events.stream().map(EventEnvelope::type).toList());
    ModelVersionRegistered first = events.get(0).payloadAs(ModelVersionRegistered.class);
    assertEquals(new ModelVersionRegistered(model, 1, "run-11", "credit", "sha-run-11", "abc1234",
        "s3://" + store.bucket() + "/models/" + model + "/" + sha + ".tribuo", sha), first);
    assertEquals(2, events.get(1).payloadAs(ModelVersionRegistered.class).version());
  }

  @Test
  void aMalformedArtifactIsRejectedAndNothingIsStored() {
    String model = uniqueModel("malformed");
    register(model, "this is not a model".getBytes(StandardCharsets.UTF_8), TinyModels.lineage("run-x", 0.9))
        .then().statusCode(400)
        .contentType("application/problem+json")
        .body("errors[0].field", equalTo("artifact"))
        .body("errors[0].message", containsString("not a loadable Tribuo model"))
        .body("detail", containsString("nothing was stored"));
    given().get("/models/{m}/versions", model).then().statusCode(404);
    assertEquals(List.of(), objectsUnder(model));

    // Next to a good version: still only that one.
    registerNew(model, TinyModels.lineage("run-ok", 0.9));
    byte[] truncated = java.util.Arrays.copyOf(TinyModels.artifact(5), 100);
    register(model, truncated, TinyModels.lineage("run-y", 0.9)).then().statusCode(400);
    given().get("/models/{m}/versions", model).then().body("total", equalTo(1));
    assertEquals(1, objectsUnder(model).size());
  }

  @Test
  void missingLineageIsListedFieldByFieldAndNothingIsStored() {
    String model = uniqueModel("nolineage");
    byte[] artifact = TinyModels.artifact(21);

    register(model, artifact, null).then().statusCode(422)
        .contentType("application/problem+json")
        .body("errors.field", contains("lineage"));

    ModelLineage partial = new ModelLineage(null, "credit", null, null, "CART", null, null, null, null, null, null);
    register(model, artifact, partial).then().statusCode(422)
        .body("errors.field", containsInAnyOrder("lineage.trainingRunId", "lineage.dataVersion", "lineage.metrics",
            "lineage.signature"))
        .body("errorCount", equalTo(4));

    register(model, null, TinyModels.lineage("r", 0.9)).then().statusCode(422).body("errors.field", contains("artifact"));

    given().get("/models/{m}/versions", model).then().statusCode(404);
    given().get("/models").then().body("name", org.hamcrest.Matchers.not(hasItem(model)));
    assertEquals(List.of(), objectsUnder(model));
  }

  @Test
  void theLineageMayArriveAsAFilePart() {
    // curl -F artifact=@model.tribuo -F 'lineage=@lineage.json;type=application/json'
    String model = uniqueModel("filepart");
    given().header("Authorization", "Bearer " + RegistryApi.trainingService())
        .multiPart("artifact", "model.tribuo", TinyModels.artifact(71), "application/octet-stream")
        .multiPart("lineage", "lineage.json", TinyModels.json(TinyModels.lineage("run-71", 0.9)).getBytes(StandardCharsets.UTF_8),
            "application/json")
        .post("/models/{m}/versions", model).then().statusCode(201)
        .body("lineage.trainingRunId", equalTo("run-71"));
  }

  @Test
  void badModelNameOrMalformedLineageJsonIsA400() {
    given().header("Authorization", "Bearer " + RegistryApi.trainingService()).multiPart("artifact", "m.tribuo", TinyModels.artifact(3), "application/octet-stream")
        .multiPart("lineage", TinyModels.json(TinyModels.lineage("r", 0.9)), "application/json")
        .post("/models/{m}/versions", "Bad_Name").then().statusCode(400).body("errors[0].field", equalTo("name"));
    given().header("Authorization", "Bearer " + RegistryApi.trainingService()).multiPart("artifact", "m.tribuo", TinyModels.artifact(3), "application/octet-stream")
        .multiPart("lineage", "{\"trainingRunId\": ", "application/json")
        .post("/models/{m}/versions", uniqueModel("badjson")).then().statusCode(400)
        .contentType("application/problem+json");
  }

  @Test
  void s3DownDuringRegistrationIs503AndNoRow() throws Exception {
    String model = uniqueModel("s3down");
    byte[] artifact = TinyModels.artifact(31);
    RealParts.s3().stop();
    try {
      register(model, artifact, TinyModels.lineage("run-31", 0.9)).then().statusCode(503)
          .contentType("application/problem+json")
          .header("Retry-After", notNullValue())
          .body("detail", containsString("nothing was stored"));
    } finally {
      RealParts.s3(); // started again (the in-memory store starts empty)
      store.ensureBucket();
    }
    given().get("/models/{m}/versions", model).then().statusCode(404);
    // Nothing half-written: the retry gets version 1.
    register(model, artifact, TinyModels.lineage("run-31", 0.9)).then().statusCode(201).body("version", equalTo(1));
  }

  @Test
  void theDownloadIsTheRegisteredArtifact() throws Exception {
    String model = uniqueModel("download");
    byte[] artifact = TinyModels.artifact(41);
    String sha = sha256(artifact);
    register(model, artifact, TinyModels.lineage("run-41", 0.9)).then().statusCode(201);

    Response download = given().get("/models/{m}/versions/1/artifact", model);
    download.then().statusCode(200)
        .contentType("application/octet-stream")
        .header("ETag", "\"" + sha + "\"")
        .header("X-Artifact-Sha256", sha);
    byte[] body = download.asByteArray();
    assertArrayEquals(artifact, body);
    Model<Label> loaded = Model.deserializeFromStream(new ByteArrayInputStream(body)).castModel(Label.class);
    assertNotNull(loaded);

    given().header("If-None-Match", "\"" + sha + "\"").get("/models/{m}/versions/v1/artifact", model)
        .then().statusCode(304);
    given().get("/models/{m}/versions/2/artifact", model).then().statusCode(404).contentType("application/problem+json");
  }

  @Test
  void aTamperedSmallArtifactIsRefusedWith502() throws Exception {
    String model = uniqueModel("tamper-small");
    byte[] artifact = TinyModels.artifact(51);
    String sha = sha256(artifact);
    register(model, artifact, TinyModels.lineage("run-51", 0.9)).then().statusCode(201);
    String key = "models/" + model + "/" + sha + ".tribuo";
    double before = integrityFailures();

    byte[] sameLength = artifact.clone();
    sameLength[sameLength.length / 2] ^= 0x01;
    store.put(key, new ByteArrayInputStream(sameLength), sameLength.length, "application/octet-stream", Map.of());
    given().get("/models/{m}/versions/1/artifact", model).then().statusCode(502)
        .contentType("application/problem+json")
        .body("type", endsWith("/artifact-integrity"))
        .body("detail", containsString("SHA-256"));

    byte[] shorter = java.util.Arrays.copyOf(artifact, artifact.length - 10);
    store.put(key, new ByteArrayInputStream(shorter), shorter.length, "application/octet-stream", Map.of());
    given().get("/models/{m}/versions/1/artifact", model).then().statusCode(502)
        .body("detail", containsString("bytes in object storage"));

    store.remove(key);
    given().get("/models/{m}/versions/1/artifact", model).then().statusCode(502)
        .body("detail", containsString("missing"));
    assertEquals(before + 3, integrityFailures());
  }

  @Test
  void aTamperedLargeArtifactBreaksTheTransfer() throws Exception {
    String model = uniqueModel("tamper-large");
    byte[] artifact = TinyModels.largeArtifact(61);
    assertTrue(artifact.length > 3 * 64 * 1024, "test artifact too small to be streamed: " + artifact.length);
    String sha = sha256(artifact);
    register(model, artifact, TinyModels.lineage("run-61", 0.9)).then().statusCode(201);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest get = HttpRequest.newBuilder(base.resolve("/models/" + model + "/versions/1/artifact"))
        .timeout(Duration.ofSeconds(20)).build();

    // Intact: the complete file, verified.
    HttpResponse<byte[]> ok = http.send(get, HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, ok.statusCode());
    assertArrayEquals(artifact, ok.body());

    byte[] tampered = artifact.clone();
    tampered[tampered.length - 1000] ^= 0x01;
    store.put("models/" + model + "/" + sha + ".tribuo", new ByteArrayInputStream(tampered), tampered.length,
        "application/octet-stream", Map.of());
    double before = integrityFailures();
    // Headers were already sent: the client sees a broken transfer, never a complete wrong file.
    assertThrows(IOException.class, () -> http.send(get, HttpResponse.BodyHandlers.ofByteArray()));
    await().atMost(Duration.ofSeconds(5)).until(() -> integrityFailures() == before + 1);
  }

  private List<EventEnvelope> drainedEvents(String model) {
    await().atMost(Duration.ofSeconds(30)).until(() -> relay.pendingCount() == 0);
    return ModelEvents.of(kafka, model);
  }

  private List<String> objectsUnder(String model) {
    return StreamSupport.stream(store.client().listObjects(ListObjectsArgs.builder().bucket(store.bucket())
            .prefix("models/" + model + "/").recursive(true).build()).spliterator(), false)
        .map(r -> {
          try {
            return r.get().objectName();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        }).toList();
  }

  static double integrityFailures() {
    String metrics = given().accept("text/plain").get("/q/metrics").then().statusCode(200).extract().asString();
    return metrics.lines().filter(l -> l.startsWith("cd4ml_registry_artifact_integrity_failures_total"))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
  }

  static String sha256(byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
  }

  @Test
  void onlyTrainingServiceRegistersMetricsAndTheActorIsRecorded() {
    String model = uniqueModel("auth");
    byte[] artifact = TinyModels.artifact(System.nanoTime());
    var lineage = TinyModels.lineage("run-auth", 0.9);
    register(model, artifact, lineage, null).then().statusCode(401).contentType("application/problem+json")
        .header("WWW-Authenticate", containsString("Bearer"));
    for (Map.Entry<String, String> bad : Tokens.refused()) {
      register(model, artifact, lineage, bad.getValue()).then().statusCode(401).contentType("application/problem+json");
    }
    register(model, artifact, lineage, Tokens.withoutRole()).then().statusCode(403).contentType("application/problem+json");
    // A person with the role trainer may not vouch for metrics the production gate trusts.
    register(model, artifact, lineage, Tokens.forRole(Roles.TRAINER)).then().statusCode(403)
        .body("detail", containsString("training-service"));
    given().get("/models/{m}/versions", model).then().statusCode(404);

    register(model, artifact, lineage, Tokens.forClient(Roles.Clients.TRAINING_SERVICE)).then().statusCode(201)
        .body("registeredBy", equalTo("training-service"));
    given().get("/models/{m}/versions/1", model).then().statusCode(200).body("registeredBy", equalTo("training-service"));
  }
}
