package dev.cd4ml.data.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cd4ml.fixtures.hostile.SlowClient;
import dev.cd4ml.parts.RealPartsTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every kind of bad upload gets its status and a problem body naming where, and leaves nothing anywhere. */
@QuarkusTest
@QuarkusTestResource(value = RealPartsTestResource.class, initArgs = {
    @ResourceArg(name = "parts", value = "kafka,postgres,s3,keycloak"), @ResourceArg(name = "database", value = "data")})
class RefusedUploadComponentTest {
  @org.junit.jupiter.api.BeforeAll
  static void actAsDataWriter() {
    // Uploads need role data-writer (issue 20): every request of this class carries demo-data-writer's token.
    io.restassured.RestAssured.filters(dev.cd4ml.fixtures.auth.Tokens.asRole(dev.cd4ml.contracts.auth.Roles.DATA_WRITER));
  }

  /** The test profile's limit (application.properties %test.cd4ml.data.max-upload-size). */
  private static final int LIMIT = 4 * 1024 * 1024;

  @TestHTTPResource("/")
  URL base;

  private String dataset;

  @BeforeEach
  void name() throws Exception {
    Files.createDirectories(Path.of("target/upload-tmp"));
    dataset = Stored.unique("refused");
  }

  @AfterEach
  void nothingStored() throws Exception {
    assertEquals(0, Stored.objects(dataset).size(), "no S3 object");
    assertEquals(0, Stored.versionRows(dataset), "no version row");
    assertEquals(0, Stored.count("select count(*) from dataset where name = ?", dataset), "no dataset row");
    assertEquals(0, Stored.outboxRows(dataset), "no event recorded");
    try (Stream<Path> spooled = Files.list(Path.of("target/upload-tmp"))) {
      assertEquals(0, spooled.count(), "no spooled temp file");
    }
  }

  private ValidatableResponse post(byte[] body) {
    return given().contentType("text/csv").queryParam("label", "y").body(body)
        .post("/datasets/{n}/versions", dataset).then().contentType("application/problem+json");
  }

  @Test
  void raggedRows() {
    post(Stored.utf8("a,b,y\n1,2,no\n3,4\n5,6,7,8\n")).statusCode(400)
        .body("type", equalTo("https://cd4ml.dev/problems/malformed-csv"))
        .body("errorCount", equalTo(2))
        .body("errors[0].row", equalTo(3))
        .body("errors[0].message", equalTo("expected 3 fields as in the header, found 2"))
        .body("errors[1].row", equalTo(4));
  }

  @Test
  void badQuoting() {
    post(Stored.utf8("a,b,y\n1,\"x\"z,no\n2,\"open,no\n")).statusCode(400)
        .body("errors[0].row", equalTo(2)).body("errors[0].column", equalTo(2))
        .body("errors[0].message", containsString("after a closing quote"));
  }

  @Test
  void notUtf8() {
    byte[] latin1 = "a,city,y\n1,Zürich,no\n2,Köln,yes\n".getBytes(StandardCharsets.ISO_8859_1);
    post(latin1).statusCode(400)
        .body("errorCount", equalTo(2))
        .body("errors[0].row", equalTo(2)).body("errors[0].column", equalTo(4))
        .body("errors[0].message", containsString("invalid UTF-8: byte 0xFC"))
        .body("errors[1].row", equalTo(3));
  }

  @Test
  void emptyFile() {
    post(new byte[0]).statusCode(400).body("errors[0].message", containsString("empty"));
  }

  @Test
  void headerOnly() {
    post(Stored.utf8("a,b,y\n")).statusCode(400).body("errors[0].message", containsString("no rows"));
  }

  @Test
  void duplicateColumnNames() {
    post(Stored.utf8("a,b,a,y\n1,2,3,no\n")).statusCode(400)
        .body("errors[0].row", equalTo(1)).body("errors[0].column", equalTo(3)).body("errors[0].field", equalTo("a"));
  }

  @Test
  void missingLabelColumn() {
    given().contentType("text/csv").queryParam("label", "target").body(Stored.utf8("a,b\n1,2\n"))
        .post("/datasets/{n}/versions", dataset)
        .then().statusCode(422).contentType("application/problem+json")
        .body("errors[0].field", equalTo("label"))
        .body("errors[0].message", equalTo("label column 'target' is not in the header"));
  }

  @Test
  void aRowWithoutALabelAndAnUnknownCategoricalColumn() {
    post(Stored.utf8("a,y\r\n1,no\r\n2,NA\r\n")).statusCode(422)
        .body("type", equalTo("https://cd4ml.dev/problems/schema-mismatch"))
        .body("errors[0].row", equalTo(3)).body("errors[0].column", equalTo(2)).body("errors[0].field", equalTo("y"))
        .body("errors[0].message", containsString("no label"));
    given().contentType("text/csv").queryParam("label", "y").queryParam("categorical", "zone")
        .body(Stored.utf8("a,y\n1,no\n")).post("/datasets/{n}/versions", dataset)
        .then().statusCode(422).body("errors[0].field", equalTo("categorical"));
  }

  @Test
  void noLabelForTheFirstVersion() {
    given().contentType("text/csv").body(Stored.utf8("a,b\n1,2\n")).post("/datasets/{n}/versions", dataset)
        .then().statusCode(400).body("errors[0].field", equalTo("label"));
  }

  @Test
  void atMostTwentyErrorsListedWithTheTotal() {
    StringBuilder csv = new StringBuilder("a,y\n");
    for (int i = 0; i < 100; i++) {
      csv.append("1,2,3\n");
    }
    post(Stored.utf8(csv.toString())).statusCode(400)
        .body("errorCount", equalTo(100)).body("errors.size()", equalTo(20)).body("errors[19].row", equalTo(21));
  }

  @Test
  void notGzipAlthoughDeclared() {
    given().contentType("text/csv").header("Content-Encoding", "gzip").queryParam("label", "y")
        .body(Stored.utf8("a,y\n1,2\n")).post("/datasets/{n}/versions", dataset)
        .then().statusCode(400).contentType("application/problem+json")
        .body("errors[0].field", equalTo("Content-Encoding"));
  }

  @Test
  void largerThanTheLimitWhileStreaming() throws Exception {
    // Small on the wire, over the limit once decoded: counted while streaming.
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    raw.write(Stored.utf8("a,y\n"));
    byte[] row = Stored.utf8("1234567890,no\n");
    while (raw.size() <= LIMIT + 1000) {
      raw.write(row);
    }
    byte[] gz = DatasetVersionComponentTest.gzip(raw.toByteArray());
    assertTrue(gz.length < LIMIT);
    given().contentType("text/csv").header("Content-Encoding", "gzip").queryParam("label", "y").body(gz)
        .post("/datasets/{n}/versions", dataset)
        .then().statusCode(413).contentType("application/problem+json")
        .body("type", equalTo("https://cd4ml.dev/problems/too-large"))
        .body("detail", containsString(String.valueOf(LIMIT)));
  }

  @Test
  void declaredLargerThanTheLimitIsRefusedBeforeReading() throws Exception {
    // Only the headers are sent: the answer must come without the body.
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(("POST /datasets/" + dataset + "/versions?label=y HTTP/1.1\r\nHost: localhost\r\n" + auth()
          + "Content-Type: text/csv\r\nContent-Length: " + (LIMIT + 1) + "\r\n\r\na,y\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String response = readResponse(socket.getInputStream());
      assertTrue(response.startsWith("HTTP/1.1 413"), response);
      assertTrue(response.contains("application/problem+json"), response);
      assertTrue(response.contains("too-large"), response);
    }
  }

  @Test
  void unknownParentAndBadParameters() {
    given().contentType("text/csv").queryParam("label", "y").queryParam("parent", "v7")
        .body(Stored.utf8("a,y\n1,2\n")).post("/datasets/{n}/versions", dataset)
        .then().statusCode(422).body("errors[0].field", equalTo("parent"));
    given().contentType("text/csv").queryParam("label", "y").queryParam("source", "magic")
        .body(Stored.utf8("a,y\n1,2\n")).post("/datasets/{n}/versions", dataset)
        .then().statusCode(400).body("errors[0].field", equalTo("source"));
    given().contentType("text/csv").queryParam("label", "y").body(Stored.utf8("a,y\n1,2\n"))
        .post("/datasets/{n}/versions", "Not_Valid")
        .then().statusCode(400).body("errors[0].field", equalTo("name")).body("errors[0].row", nullValue());
  }

  @Test
  void anInterruptedUploadLeavesNothingBehind() throws Exception {
    StringBuilder csv = new StringBuilder("a,b,y\n");
    for (int i = 0; i < 20_000; i++) {
      csv.append(i).append(",x").append(i % 7).append(",no\n");
    }
    byte[] body = Stored.utf8(csv.toString());
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      OutputStream out = socket.getOutputStream();
      out.write(("POST /datasets/" + dataset + "/versions?label=y HTTP/1.1\r\nHost: localhost\r\n" + auth()
          + "Content-Type: text/csv\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(body, 0, body.length / 2);
      out.flush();
      Thread.sleep(300);
    } // closed half-way
    // The service notices the cut body and cleans up; give it a moment, then @AfterEach checks.
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline && spooledFiles() > 0) {
      Thread.sleep(100);
    }
    Thread.sleep(500);
    assertEquals(0, Stored.events(dataset, 0, Duration.ofSeconds(2)).size());
  }

  /**
   * Slow clients cannot take the service: beyond the cap of uploads in progress (test profile 4) one more is a 503
   * with Retry-After at once; while the capped ones stall, reads and readiness answer quickly; the stalled ones are
   * ended by the body timeout (test profile 2 s) and leave nothing behind (@AfterEach); then uploads work again.
   */
  @Test
  void slowUploadsAreCappedAndEndedWhileReadsAndReadinessAnswer() throws Exception {
    int cap = 4;
    int clients = 210; // more than the 200 worker threads they parked before the cap existed
    given().get("/datasets").then().statusCode(200);
    given().get("/q/health/ready").then().statusCode(200);
    try (SlowClient slow = SlowClient.open(base.toURI(), clients, "POST", "/datasets/" + dataset + "/versions?label=y",
        List.of("Content-Type: text/csv", "Authorization: " + dev.cd4ml.fixtures.auth.Tokens.bearer(dev.cd4ml.fixtures.auth.Tokens.forRole(dev.cd4ml.contracts.auth.Roles.DATA_WRITER))), 100_000, Stored.utf8("a,y\n1,no\n"))) {
      List<SlowClient.Answer> first = slow.answers(Duration.ofMillis(1500));
      assertEquals(clients - cap, SlowClient.count(first, 503), first.toString());
      SlowClient.Answer busy = first.stream().filter(a -> a.status() == 503).findFirst().orElseThrow();
      assertTrue(busy.text().contains("Retry-After: 5"), busy.text());
      assertTrue(busy.text().contains("uploads-busy"), busy.text());
      assertEquals(cap, SlowClient.count(first, 0), "the capped uploads are still being received");

      long t0 = System.nanoTime();
      given().get("/datasets").then().statusCode(200);
      long t1 = System.nanoTime();
      given().get("/q/health/ready").then().statusCode(200);
      long t2 = System.nanoTime();
      assertTrue(t2 - t0 < Duration.ofSeconds(3).toNanos(), "reads and readiness answer while uploads stall: GET "
          + (t1 - t0) / 1_000_000 + " ms, ready " + (t2 - t1) / 1_000_000 + " ms");
      // a slow upload over the cap, sent now, is still refused at once
      given().contentType("text/csv").queryParam("label", "y").body(Stored.utf8("a,y\n1,no\n"))
          .post("/datasets/{n}/versions", dataset).then().statusCode(503).header("Retry-After", "5");

      List<SlowClient.Answer> later = slow.answers(Duration.ofSeconds(8));
      long ended = later.stream().filter(a -> a.status() == 408 || a.status() == -1).count();
      assertEquals(clients, ended, "every slow upload was ended: " + later);
      assertTrue(later.stream().anyMatch(a -> a.status() == 408 && a.text().contains("body-timeout")), later.toString());
    }
    // the slots are free again
    String other = Stored.unique("after-slow");
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> given().contentType("text/csv").queryParam("label", "y")
        .body(Stored.utf8("a,y\n1,no\n")).post("/datasets/{n}/versions", other).statusCode() == 201);
  }

  /** A chunked upload is held to the upload limit as it arrives, like one with a Content-Length. */
  @Test
  void chunkedUploadAboveTheLimitIs413() throws Exception {
    SlowClient.Chunked sent = SlowClient.chunked(base.toURI(), "/datasets/" + dataset + "/versions?label=y", "text/csv",
        List.of(auth().trim()),
        Stored.utf8("a,b,y\n"), Stored.utf8("1,2,no\n"), LIMIT + 1_000_000L, Duration.ofSeconds(10));
    assertEquals(413, sent.answer().status(), sent.answer().text());
    assertTrue(sent.answer().text().contains("too-large"), sent.answer().text());
  }

  private static long spooledFiles() throws Exception {
    try (Stream<Path> s = Files.list(Path.of("target/upload-tmp"))) {
      return s.count();
    }
  }

  private static String readResponse(InputStream in) throws Exception {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    byte[] b = new byte[4096];
    int n;
    try {
      while ((n = in.read(b)) > 0) {
        buf.write(b, 0, n);
        String s = buf.toString(StandardCharsets.UTF_8);
        int headerEnd = s.indexOf("\r\n\r\n");
        if (headerEnd > 0 && s.contains("}")) {
          return s;
        }
      }
    } catch (java.net.SocketException e) {
      // the server may close after answering
    }
    return buf.toString(StandardCharsets.UTF_8);
  }

  /** The Authorization header line of a hand-written request (uploads need role data-writer). */
  private static String auth() {
    return "Authorization: " + dev.cd4ml.fixtures.auth.Tokens.bearer(
        dev.cd4ml.fixtures.auth.Tokens.forRole(dev.cd4ml.contracts.auth.Roles.DATA_WRITER)) + "\r\n";
  }
}
