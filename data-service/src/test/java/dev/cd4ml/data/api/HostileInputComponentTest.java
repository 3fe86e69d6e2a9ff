package dev.cd4ml.data.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.cd4ml.fixtures.hostile.HostileCase;
import dev.cd4ml.fixtures.hostile.HostileClient;
import dev.cd4ml.fixtures.hostile.HostileInputs;
import dev.cd4ml.parts.RealPartsTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every operation data-service documents, attacked with generated hostile input (control characters
 * in every parameter, broken, binary, huge and NUL-holding CSV, wrong media types): each answer is a
 * 4xx problem, never a 5xx, and no dataset, version, object or event appears. Uploads name a dataset
 * that does not exist yet and give a label, so a CSV that got through would create its first version.
 */
@QuarkusTest
@QuarkusTestResource(value = RealPartsTestResource.class, initArgs = {
    @ResourceArg(name = "parts", value = "kafka,postgres,s3,keycloak"), @ResourceArg(name = "database", value = "data")})
class HostileInputComponentTest {
  @org.junit.jupiter.api.BeforeAll
  static void actAsDataWriter() {
    // Uploads need role data-writer (issue 20): every request of this class carries demo-data-writer's token.
    io.restassured.RestAssured.filters(dev.cd4ml.fixtures.auth.Tokens.asRole(dev.cd4ml.contracts.auth.Roles.DATA_WRITER));
  }


  @TestHTTPResource("/")
  URI base;

  @TestFactory
  Stream<DynamicTest> everyOperationRefusesHostileInputAndStoresNothing() throws Exception {
    String dataset = Stored.unique("hostile");
    HostileClient client = new HostileClient(base).header("Authorization",
        dev.cd4ml.fixtures.auth.Tokens.bearer(dev.cd4ml.fixtures.auth.Tokens.forRole(dev.cd4ml.contracts.auth.Roles.DATA_WRITER)));
    HostileInputs inputs = HostileInputs.seeded().pathValue("name", dataset).pathValue("ref", "1")
        .validQuery("POST /datasets/{name}/versions", Map.of("label", "label"));
    List<HostileCase> cases = inputs.cases(client.operations());
    assertTrue(cases.stream().map(HostileCase::operation).distinct().count() >= 7,
        "every documented operation is attacked: " + cases.stream().map(HostileCase::operation).distinct().toList());
    String before = stored(dataset);
    return Stream.concat(
        cases.stream().map(c -> dynamicTest(c.name(), () -> client.assertRefused(c, inputs.seed()))),
        Stream.of(dynamicTest("nothing was stored", () -> assertEquals(before, stored(dataset)))));
  }

  /** Rows in every table a version writes, the outbox, and the objects of the attacked dataset. */
  private static String stored(String dataset) throws Exception {
    return "datasets=" + Stored.count("select count(*) from dataset")
        + " versions=" + Stored.count("select count(*) from dataset_version")
        + " outbox=" + Stored.outboxRows(dataset)
        + " objects=" + Stored.objects(dataset);
  }
}
