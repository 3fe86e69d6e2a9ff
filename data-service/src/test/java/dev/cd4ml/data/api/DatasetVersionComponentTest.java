package dev.cd4ml.data.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cd4ml.contracts.events.DatasetVersionCreated;
import dev.cd4ml.contracts.events.EventEnvelope;
import dev.cd4ml.parts.RealPartsTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = RealPartsTestResource.class, initArgs = {
    @ResourceArg(name = "parts", value = "kafka,postgres,s3,keycloak"), @ResourceArg(name = "database", value = "data")})
class DatasetVersionComponentTest {
  @org.junit.jupiter.api.BeforeAll
  static void actAsDataWriter() {
    // Uploads need role data-writer (issue 20): every request of this class carries demo-data-writer's token.
    io.restassured.RestAssured.filters(dev.cd4ml.fixtures.auth.Tokens.asRole(dev.cd4ml.contracts.auth.Roles.DATA_WRITER));
  }

  private static final String CSV = """
      id,age,sex,income,y
      1,34,female,52000,no
      2,51,male,38000,yes
      3,,female,61000,no
      4,29,male,44500,no
      """;

  @Test
  void anUploadIsStoredOnceByItsSha256AndAnnouncedOnce() throws Exception {
    String dataset = Stored.unique("credit");
    byte[] body = Stored.utf8(CSV);
    String sha = Stored.sha256(body);

    // A self-declared uploader is ignored: createdBy is the token's actor.
    given().contentType("text/csv").header("X-Created-By", "alice").body(body)
        .queryParam("label", "y").queryParam("protected", "sex").queryParam("id", "id").queryParam("message", "first cut")
        .post("/datasets/{name}/versions", dataset)
        .then().statusCode(201)
        .header("Location", containsString("/datasets/" + dataset + "/versions/" + sha))
        .body("id", equalTo(sha))
        .body("number", equalTo(1))
        .body("rows", equalTo(4))
        .body("byteSize", equalTo(body.length))
        .body("createdBy", equalTo("demo-data-writer"))
        .body("message", equalTo("first cut"))
        .body("source", equalTo("upload"))
        .body("schema.revision", equalTo(1))
        .body("schema.label", equalTo("y"))
        .body("schema.idColumn", equalTo("id"))
        .body("schema.protectedColumns", equalTo(List.of("sex")))
        .body("schema.columns.find { it.name == 'age' }.type", equalTo("numeric"))
        .body("schema.columns.find { it.name == 'sex' }.type", equalTo("categorical"))
        .body("profile.columns.age.missing", equalTo(1))
        .body("profile.columns.age.histogram.counts", hasSize(20))
        .body("profile.label.categories.no", equalTo(3))
        .body("profile.protectedGroups.sex.male.labels.yes", equalTo(1));

    // S3: one object, named by the SHA-256, holding exactly the uploaded bytes
    assertEquals(List.of(dataset + "/" + sha + ".csv"), Stored.objects(dataset));
    try (var in = Stored.store().get(dataset + "/" + sha + ".csv")) {
      assertArrayEquals(body, in.readAllBytes());
    }
    // PostgreSQL: one row
    assertEquals(1, Stored.versionRows(dataset));
    // Kafka: one event with the version's facts
    List<EventEnvelope> events = Stored.events(dataset, 1, Duration.ofSeconds(20));
    assertEquals(1, events.size());
    assertEquals("dataset-version.created", events.get(0).type());
    DatasetVersionCreated payload = events.get(0).payloadAs(DatasetVersionCreated.class);
    assertEquals(new DatasetVersionCreated(dataset, sha, 1, 4, 1, List.of(), "upload"), payload);

    // The same bytes again, plain and gzip-encoded: the same version, no new row, no new event
    given().contentType("text/csv").body(body).post("/datasets/{name}/versions", dataset)
        .then().statusCode(200).body("id", equalTo(sha)).body("number", equalTo(1));
    given().contentType("text/csv").header("Content-Encoding", "gzip").body(gzip(body))
        .post("/datasets/{name}/versions", dataset)
        .then().statusCode(200).body("id", equalTo(sha)).body("number", equalTo(1));
    assertEquals(1, Stored.versionRows(dataset));
    assertEquals(1, Stored.outboxRows(dataset));
    assertEquals(1, Stored.events(dataset, 2, Duration.ofSeconds(3)).size());
    assertEquals(1, Stored.objects(dataset).size());
  }

  @Test
  void aSpreadsheetExportWithCodesAThreeClassLabelAndMissingValuesIsStoredWithItsTypesAndADerivedChildElsewhere() {
    String dataset = Stored.unique("shapes");
    byte[] body = Stored.utf8("\uFEFFcustomer,region,branch,\"note, free\",spend,tier\r\n"
        + "1,7,0042,\"a, b\r\nc\",12.5,gold\r\n"
        + "2,12,0107,,NA,silver\r\n"
        + "3,7,1200,x,N/A,bronze\r\n");
    String sha = Stored.sha256(body);
    given().contentType("text/csv").body(body).queryParam("label", "tier").queryParam("id", "customer")
        .queryParam("categorical", "region")
        .post("/datasets/{name}/versions", dataset)
        .then().statusCode(201)
        .body("rows", equalTo(3))
        .body("schema.columns.find { it.name == 'region' }.type", equalTo("categorical"))
        .body("schema.columns.find { it.name == 'branch' }.type", equalTo("categorical"))
        .body("schema.columns.find { it.name == 'spend' }.type", equalTo("numeric"))
        .body("profile.columns.spend.missing", equalTo(2))
        .body("profile.columns.'note, free'.categories", hasKey("a, b\r\nc"))
        .body("profile.label.categories.size()", equalTo(3));
    // A version of another dataset derived from it records that parent as dataset@id.
    String check = dataset + "-check";
    given().contentType("text/csv").body(Stored.utf8("customer,region,branch,note,spend,tier\n3,7,1200,x,1,bronze\n"))
        .queryParam("label", "tier").queryParam("source", "derived").queryParam("parent", dataset + "@1")
        .post("/datasets/{name}/versions", check)
        .then().statusCode(201).body("source", equalTo("derived")).body("parents", equalTo(List.of(dataset + "@" + sha)));
  }

  @Test
  void versionsAreAddressedByIdNumberAndLatestAndDownloadedWithTheirEtag() {
    String dataset = Stored.unique("refs");
    byte[] v1 = Stored.utf8(CSV);
    byte[] v2 = Stored.utf8(CSV + "5,40,female,70000,yes\n");
    String sha1 = Stored.sha256(v1);
    String sha2 = Stored.sha256(v2);
    given().contentType("text/csv").body(v1).queryParam("label", "y").post("/datasets/{n}/versions", dataset)
        .then().statusCode(201);
    given().contentType("text/csv").body(v2).queryParam("parent", "v1").queryParam("source", "feedback")
        .post("/datasets/{n}/versions", dataset)
        .then().statusCode(201).body("number", equalTo(2)).body("parents", equalTo(List.of(sha1)))
        .body("source", equalTo("feedback")).body("schema.label", equalTo("y"));

    for (String ref : List.of(sha2, "2", "v2", "latest")) {
      given().get("/datasets/{n}/versions/{r}", dataset, ref).then().statusCode(200).body("id", equalTo(sha2));
    }
    given().get("/datasets/{n}/versions/{r}", dataset, "1").then().statusCode(200).body("id", equalTo(sha1));
    given().get("/datasets/{n}/versions/{r}", dataset, "v9").then().statusCode(404)
        .contentType("application/problem+json");
    given().get("/datasets/{n}/versions/{r}", dataset, "nope").then().statusCode(400)
        .contentType("application/problem+json").body("errors[0].field", equalTo("ref"));

    given().queryParam("size", 1).get("/datasets/{n}/versions", dataset).then().statusCode(200)
        .body("total", equalTo(2)).body("page", equalTo(0)).body("size", equalTo(1))
        .body("items.number", equalTo(List.of(2)));
    given().queryParam("page", 1).queryParam("size", 1).get("/datasets/{n}/versions", dataset).then().statusCode(200)
        .body("items.number", equalTo(List.of(1)));
    given().get("/datasets").then().statusCode(200).body("name", hasItem(dataset));
    given().get("/datasets/{n}", dataset).then().statusCode(200).body("versions", equalTo(2))
        .body("latestId", equalTo(sha2));

    Response download = given().get("/datasets/{n}/versions/{r}/content", dataset, "v1");
    assertEquals(200, download.statusCode());
    assertEquals("\"" + sha1 + "\"", download.header("ETag"));
    assertEquals(sha1, Stored.sha256(download.asByteArray()));
    given().header("If-None-Match", "\"" + sha1 + "\"").get("/datasets/{n}/versions/{r}/content", dataset, "v1")
        .then().statusCode(304);

    given().queryParam("from", "v1").queryParam("to", "latest").get("/datasets/{n}/diff", dataset)
        .then().statusCode(200)
        .body("rowsDelta", equalTo(1))
        .body("schemaChanges", hasSize(0))
        .body("columns.income.meanDelta", notNullValue())
        .body("columns.sex.shareDelta.female", notNullValue());
  }

  @Test
  void aSchemaChangeIsRefusedWithTheExactDifferenceThenAcceptedWhenAllowed() throws Exception {
    String dataset = Stored.unique("schema");
    given().contentType("text/csv").body(Stored.utf8(CSV)).queryParam("label", "y")
        .post("/datasets/{n}/versions", dataset).then().statusCode(201);

    String changed = """
        id,age,income,region,y
        1,34,52000,north,no
        2,51,38000,south,yes
        """;
    given().contentType("text/csv").body(Stored.utf8(changed)).post("/datasets/{n}/versions", dataset)
        .then().statusCode(422)
        .contentType("application/problem+json")
        .body("type", equalTo("https://cd4ml.dev/problems/schema-mismatch"))
        .body("errorCount", equalTo(2))
        .body("errors.message", hasItem("column 'sex' (categorical) was removed"))
        .body("errors.message", hasItem("column 'region' (categorical) was added"));
    assertEquals(1, Stored.versionRows(dataset));
    assertEquals(1, Stored.objects(dataset).size());

    // A value that is not a number in a numeric column: line and column named
    String notNumeric = CSV + "5,forty,female,1000,no\n";
    given().contentType("text/csv").body(Stored.utf8(notNumeric)).post("/datasets/{n}/versions", dataset)
        .then().statusCode(422)
        .body("errors[0].row", equalTo(6))
        .body("errors[0].column", equalTo(2))
        .body("errors[0].field", equalTo("age"))
        .body("errors[0].message", containsString("'forty' is not a number"));
    assertEquals(1, Stored.versionRows(dataset));

    given().contentType("text/csv").body(Stored.utf8(changed)).queryParam("allowSchemaChange", true)
        .post("/datasets/{n}/versions", dataset)
        .then().statusCode(201)
        .body("number", equalTo(2))
        .body("schema.revision", equalTo(2))
        .body("schema.columns.name", equalTo(List.of("id", "age", "income", "region", "y")));
    given().get("/datasets/{n}/versions/v1", dataset).then().body("schema.revision", equalTo(1));
    given().queryParam("from", "1").queryParam("to", "2").get("/datasets/{n}/diff", dataset)
        .then().statusCode(200).body("schemaChanges.kind", equalTo(List.of("column-removed", "column-added")));
    List<EventEnvelope> events = Stored.events(dataset, 2, Duration.ofSeconds(20));
    assertEquals(2, events.size());
    assertEquals(2, events.get(1).payloadAs(DatasetVersionCreated.class).schemaRevision());
    assertEquals(2, Stored.objects(dataset).size());
  }

  @Test
  void theDemoGeneratorCreatesReproducibleVersionsAndDrift() {
    String dataset = Stored.unique("demo");
    String id = given().queryParam("rows", 3000).queryParam("seed", 11)
        .post("/datasets/{n}/versions/generated", dataset)
        .then().statusCode(201)
        .body("rows", equalTo(3000))
        .body("schema.label", equalTo("defaulted"))
        .body("schema.idColumn", equalTo("id"))
        .body("schema.protectedColumns", equalTo(List.of("sex", "age_band")))
        .body("schema.columns", hasSize(15))
        .body("profile.protectedGroups.age_band.'18-25'.rows", notNullValue())
        .extract().path("id");
    given().queryParam("rows", 3000).queryParam("seed", 11).post("/datasets/{n}/versions/generated", dataset)
        .then().statusCode(200).body("id", equalTo(id));
    given().queryParam("rows", 3000).queryParam("seed", 12).queryParam("drift", 1.0)
        .post("/datasets/{n}/versions/generated", dataset)
        .then().statusCode(201).body("number", equalTo(2)).body("schema.revision", equalTo(1));
    float ageDelta = given().queryParam("from", "1").queryParam("to", "2").get("/datasets/{n}/diff", dataset)
        .then().statusCode(200).extract().path("columns.age.meanDelta");
    assertTrue(ageDelta > 5, "drift makes applicants older, got " + ageDelta);
    given().queryParam("drift", 2).post("/datasets/{n}/versions/generated", dataset)
        .then().statusCode(400).body("errors[0].field", equalTo("drift"));
  }

  static byte[] gzip(byte[] body) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(body);
    }
    return out.toByteArray();
  }

  @Test
  void writesNeedRoleDataWriterAndRecordTheUploader() {
    String dataset = Stored.unique("auth");
    byte[] body = Stored.utf8(CSV);
    given().noFilters().contentType("text/csv").queryParam("label", "y").body(body).post("/datasets/{n}/versions", dataset)
        .then().statusCode(401).contentType("application/problem+json").header("WWW-Authenticate", containsString("Bearer"));
    given().noFilters().queryParam("rows", 10).post("/datasets/{n}/versions/generated", dataset)
        .then().statusCode(401).contentType("application/problem+json");
    for (java.util.Map.Entry<String, String> bad : dev.cd4ml.fixtures.auth.Tokens.refused()) {
      given().noFilters().header("Authorization", "Bearer " + bad.getValue()).contentType("text/csv")
          .queryParam("label", "y").body(body).post("/datasets/{n}/versions", dataset)
          .then().statusCode(401).contentType("application/problem+json");
      given().noFilters().header("Authorization", "Bearer " + bad.getValue()).queryParam("rows", 10)
          .post("/datasets/{n}/versions/generated", dataset).then().statusCode(401);
    }
    String noRole = "Bearer " + dev.cd4ml.fixtures.auth.Tokens.withoutRole();
    given().noFilters().header("Authorization", noRole).contentType("text/csv").queryParam("label", "y").body(body)
        .post("/datasets/{n}/versions", dataset).then().statusCode(403).contentType("application/problem+json");
    given().noFilters().header("Authorization", noRole).queryParam("rows", 10)
        .post("/datasets/{n}/versions/generated", dataset).then().statusCode(403);
    // a role for another action is not enough
    given().noFilters().header("Authorization", "Bearer " + dev.cd4ml.fixtures.auth.Tokens.forRole(
            dev.cd4ml.contracts.auth.Roles.TRAINER)).queryParam("rows", 10)
        .post("/datasets/{n}/versions/generated", dataset).then().statusCode(403);
    given().noFilters().get("/datasets/{n}/versions", dataset).then().statusCode(404); // nothing was written; reads are open

    given().queryParam("rows", 10).post("/datasets/{n}/versions/generated", dataset)
        .then().statusCode(201).body("createdBy", equalTo("demo-data-writer"));
    given().noFilters().header("Authorization", "Bearer " + dev.cd4ml.fixtures.auth.Tokens.forClient(
            dev.cd4ml.contracts.auth.Roles.Clients.MONITORING_SERVICE)).contentType("text/csv")
        .queryParam("label", "y").body(body).post("/datasets/{n}/versions", dataset + "-harvested")
        .then().statusCode(201).body("createdBy", equalTo("monitoring-service"));
  }
}
