package dev.cd4ml.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cd4ml.cli.Api;
import dev.cd4ml.contracts.csv.CsvReader;
import dev.cd4ml.contracts.split.Split;
import dev.cd4ml.contracts.split.SplitSpec;
import dev.cd4ml.fixtures.data.ForeignData;
import java.io.StringReader;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bring your own data, as the README's "your own data" command runs it: a table the demo generator did not
 * make ({@link ForeignData}: other column names, a three-class label, a zero-padded station code, missing values
 * in every spelling, 66 columns, a BOM and CRLF). First a malformed copy: the platform stops with data-service's
 * problem (line, column, what) and stores nothing. Then the good file on the same run directory: it becomes v1
 * of the dataset, the gate prints its decision against the data's own baseline, acceptance runs on the rows
 * training held out (a derived version with its parent), the model reaches production, and production
 * validates predictions against that schema.
 */
class OwnDataEndToEndComponentTest {
  static final Path REPO = Path.of("../..").toAbsolutePath().normalize();
  static final int OFFSET = 21000;
  static final String DATASET = "soil";
  static final String MODEL = "crop-advisor";

  @TempDir Path runDir;
  @TempDir Path files;
  Process platform;
  final List<String> output = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() throws Exception {
    stopPlatform();
  }

  private void stopPlatform() throws InterruptedException {
    if (platform != null) {
      platform.destroy();
      if (!platform.waitFor(60, TimeUnit.SECONDS)) {
        platform.descendants().forEach(ProcessHandle::destroyForcibly);
        platform.destroyForcibly();
      }
      platform = null;
    }
  }

  @Test
  void aMalformedFileStopsWithTheProblemThenTheUsersOwnTableReachesProductionOnItsOwnBaseline() throws Exception {
    byte[] good = ForeignData.csv(3000, 7);
    Path goodFile = files.resolve("soil.csv");
    Files.write(goodFile, good);
    // The third data row (line 4) loses its label: refused with line and column, nothing stored.
    String text = new String(good, StandardCharsets.UTF_8);
    String[] lines = text.split("\r\n", -1);
    lines[3] = lines[3].substring(0, lines[3].lastIndexOf(',') + 1) + "NA";
    Path badFile = files.resolve("soil-bad.csv");
    Files.writeString(badFile, String.join("\r\n", lines), StandardCharsets.UTF_8);

    start(badFile);
    assertThat(platform.waitFor(6, TimeUnit.MINUTES)).as("the platform stops on a refused file").isTrue();
    assertThat(platform.exitValue()).isEqualTo(1);
    assertThat(output).anyMatch(l -> l.contains("data-service refused soil-bad.csv, nothing was stored")
        && l.contains("422") && l.contains("line 4, column 66 crop: no label"));
    assertThat(output).noneMatch(l -> l.contains("== cd4ml-model"));
    platform = null;
    output.clear();

    start(goodFile);
    awaitLine("Running.", Duration.ofMinutes(10));
    assertThat(output).anyMatch(l -> l.contains("released to production"));
    String data = "http://127.0.0.1:" + (8081 + OFFSET);
    String production = "http://127.0.0.1:" + (8085 + OFFSET);
    // Nothing of the refused upload: the good file is version 1, the only one.
    JsonNode dataset = Api.get(data + "/datasets/" + DATASET);
    assertThat(dataset.path("versions").asInt()).isEqualTo(1);
    JsonNode v1 = Api.get(data + "/datasets/" + DATASET + "/versions/1");
    assertThat(v1.path("rows").asInt()).isEqualTo(3000);
    assertThat(v1.path("schema").path("columns").size()).isEqualTo(66);
    assertThat(v1.path("schema").path("columns").toString()).contains("{\"name\":\"station\",\"type\":\"categorical\"}");

    // The rows the platform's one split (the pipeline's seed 42, 20 % stratified) holds out of the file.
    List<String> labels = new ArrayList<>();
    CsvReader csv = new CsvReader(new StringReader(text));
    int labelAt = List.of(csv.next()).indexOf(ForeignData.LABEL);
    for (String[] r = csv.next(); r != null; r = csv.next()) {
      labels.add(r[labelAt].strip());
    }
    int heldOut = Split.of(labels.size(), SplitSpec.DEFAULT, 42, labels::get).test().length;
    assertThat(heldOut).isBetween(590, 610);

    // The gate judged the run against its own held-out rows' baseline and said so.
    assertThat(output).anyMatch(l -> l.contains("[gate] baseline of the held-out rows: 3 classes on " + heldOut + " rows"));
    assertThat(output).anyMatch(l -> l.contains("[gate] PASS accuracy") && l.contains("majority-class rate"));
    assertThat(output).anyMatch(l -> l.contains("[gate] PASS macroF1") && l.contains("uniform-guess macro F1"));
    assertThat(output).anyMatch(l -> l.contains("[gate] decision: passed"));

    // Acceptance ran on the rows training held out of v1: a derived version recording its parent.
    JsonNode check = Api.get(data + "/datasets/" + DATASET + "-check/versions/latest");
    assertThat(check.path("source").asText()).isEqualTo("derived");
    assertThat(check.path("parents").get(0).asText()).isEqualTo(DATASET + "@" + v1.path("id").asText());
    assertThat(check.path("rows").asInt()).isEqualTo(heldOut);
    assertThat(output).anyMatch(l -> l.contains("[acceptance] check set " + DATASET + "-check v1")
        && l.contains(heldOut + " rows held out of " + DATASET + "@"));
    assertThat(output).anyMatch(l -> l.contains("[acceptance] " + MODEL + " v1 on test: passed"));

    // Production serves the user's model and validates against its schema.
    JsonNode served = Api.get(production + "/model");
    assertThat(served.path("model").asText()).isEqualTo(MODEL);
    assertThat(served.path("version").asInt()).isEqualTo(1);
    JsonNode signature = served.path("signature");
    assertThat(signature.path("labelColumn").asText()).isEqualTo(ForeignData.LABEL);
    assertThat(signature.path("features")).hasSize(64);
    Map<String, Object> row = new LinkedHashMap<>();
    for (JsonNode f : signature.path("features")) {
      String name = f.path("name").asText();
      row.put(name, "numeric".equals(f.path("type").asText()) ? (Object) 42.5 : f.path("categories").get(0).asText());
    }
    row.put("station", "0101");
    Api.Answer ok = Api.tryPostJson(production + "/predictions", Map.of("features", row), null);
    assertThat(ok.status()).as("%s", ok.body()).isEqualTo(200);
    assertThat(ok.body().path("prediction").asText()).isIn(ForeignData.CROPS);
    Map<String, Object> numericCode = new LinkedHashMap<>(row);
    numericCode.put("station", 101);
    Api.Answer refused = Api.tryPostJson(production + "/predictions", Map.of("features", numericCode), null);
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.body().toString()).contains("features.station");
    Map<String, Object> lacking = new LinkedHashMap<>(row);
    lacking.remove(ForeignData.sensor(7));
    Api.Answer missing = Api.tryPostJson(production + "/predictions", Map.of("features", lacking), null);
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.body().toString()).contains("features." + ForeignData.sensor(7));
    // The summary and the example follow the user's model and schema.
    assertThat(output).anyMatch(l -> l.startsWith("monitoring report") && l.contains("/monitoring/models/" + MODEL + "/report"));
    assertThat(output).anyMatch(l -> l.contains("curl -s -X POST " + production + "/predictions") && l.contains("\"station\""));
    try (Stream<Path> s3 = Files.walk(runDir.resolve("s3"))) {
      List<Path> objects = s3.filter(Files::isRegularFile)
          .filter(f -> f.toString().contains("/" + DATASET + "/") && f.toString().endsWith(".csv")).toList();
      assertThat(objects).as("one stored object of the dataset: the good file").hasSize(1);
    }
  }

  private void start(Path csv) throws Exception {
    String classpath = REPO.resolve("deploy/local/target/classes") + ":"
        + Files.readString(REPO.resolve("deploy/local/target/parts-classpath.txt")).trim();
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
        "-cp", classpath, "dev.cd4ml.local.LocalPlatform", REPO.toString(), "--port-offset", "" + OFFSET,
        "--approve-as", "own-data-approver", "--data", csv.toString(), "--label", ForeignData.LABEL,
        "--protected", ForeignData.PROTECTED, "--id", ForeignData.ID, "--dataset", DATASET, "--model", MODEL,
        "--algorithm", "cart").redirectErrorStream(true);
    pb.environment().put("CD4ML_RUN_DIR", runDir.toString());
    platform = pb.start();
    Process started = platform;
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(started.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          output.add(line);
          System.out.println("[own-data] " + line);
        }
      } catch (java.io.IOException ignored) {
        // the platform ended
      }
    });
    reader.setDaemon(true);
    reader.start();
  }

  private void awaitLine(String start, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (output.stream().anyMatch(l -> l.startsWith(start))) {
        return;
      }
      if (!platform.isAlive()) {
        throw new AssertionError("the platform exited with " + platform.exitValue());
      }
      Thread.sleep(500);
    }
    throw new AssertionError("no '" + start + "' after " + timeout);
  }
}
