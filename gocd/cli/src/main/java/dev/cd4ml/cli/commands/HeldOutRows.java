package dev.cd4ml.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cd4ml.cli.Api;
import dev.cd4ml.cli.CliFailure;
import dev.cd4ml.contracts.csv.CsvReader;
import dev.cd4ml.contracts.csv.CsvWriter;
import dev.cd4ml.contracts.feature.FeatureValues;
import dev.cd4ml.contracts.split.Split;
import dev.cd4ml.contracts.split.SplitSpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The rows of a data version that a training run's split held out, stored as a {@code derived} version
 * of {@code <dataset>-check} whose parent is {@code <dataset>@<version id>}: the acceptance check set on
 * the user's own data. The split is the platform's one definition ({@link Split}), with the run's seed
 * and split spec over the version's rows in file order, as training drew it, so no check row was a
 * training row. Same version and run → same bytes → the same check version.
 */
public final class HeldOutRows {
  private HeldOutRows() {}

  /** The derived check version ({@code dataset}, {@code id}, {@code rows}, ...) as data-service answers it. */
  public static JsonNode derive(String dataUrl, String trainingUrl, String dataset, String dataVersion, String runId) {
    JsonNode run = Api.get(trainingUrl + "/training-runs/" + runId);
    String versionId = run.path("dataVersion").asText(dataVersion);
    JsonNode version = Api.get(dataUrl + "/datasets/" + dataset + "/versions/" + versionId);
    JsonNode schema = version.path("schema");
    SplitSpec spec = new SplitSpec(run.path("split").path("testFraction").asDouble(SplitSpec.DEFAULT.testFraction()),
        run.path("split").path("stratified").asBoolean(SplitSpec.DEFAULT.stratified()));
    String content = dataUrl + "/datasets/" + dataset + "/versions/" + versionId + "/content";
    Path file = null;
    try {
      file = Files.createTempFile("cd4ml-check-", ".csv");
      List<String> labels;
      try (Reader in = open(content)) {
        labels = labels(in, schema.path("label").asText());
      }
      try (Reader in = open(content); Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        write(in, out, heldOut(labels, spec, run.path("seed").asLong()));
      }
      Map<String, String> q = new LinkedHashMap<>();
      q.put("label", schema.path("label").asText());
      q.put("id", schema.path("idColumn").asText(""));
      q.put("protected", join(schema.path("protectedColumns"), null));
      q.put("categorical", join(schema.path("columns"), "categorical"));
      q.put("source", "derived");
      q.put("parent", dataset + "@" + versionId);
      // The parent's schema is the authority: a later data version may change it, and its check set follows.
      q.put("allowSchemaChange", "true");
      q.put("message", "rows held out by training run " + runId);
      return Api.postFile(dataUrl + "/datasets/" + dataset + "-check/versions" + DataCommand.query(q), file, "text/csv");
    } catch (IOException e) {
      throw new CliFailure("cannot derive the check set from " + dataset + "@" + versionId + ": " + e.getMessage());
    } finally {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException ignored) {
          // a temp file left behind is harmless
        }
      }
    }
  }

  /** Which rows (0-based, in file order after the header) the split holds out. */
  static boolean[] heldOut(List<String> labels, SplitSpec spec, long seed) {
    Split split;
    try {
      split = Split.of(labels.size(), spec, seed, labels::get);
    } catch (IllegalArgumentException e) {
      throw new CliFailure("no check set: " + e.getMessage());
    }
    boolean[] out = new boolean[labels.size()];
    for (int i : split.test()) {
      out[i] = true;
    }
    return out;
  }

  /** Every row's label as training reads it (stripped). */
  static List<String> labels(Reader in, String labelColumn) throws IOException {
    CsvReader csv = new CsvReader(in);
    String[] header = csv.next();
    int at = header == null ? -1 : List.of(header).indexOf(labelColumn);
    if (at < 0) {
      throw new CliFailure("the data version has no label column '" + labelColumn + "'");
    }
    List<String> labels = new ArrayList<>();
    for (String[] row = csv.next(); row != null; row = csv.next()) {
      labels.add(FeatureValues.strip(row[at]).intern());
    }
    return labels;
  }

  /** The header and the held-out rows. */
  static void write(Reader in, Writer out, boolean[] heldOut) throws IOException {
    CsvReader csv = new CsvReader(in);
    out.write(CsvWriter.record(csv.next()));
    int i = 0;
    for (String[] row = csv.next(); row != null; row = csv.next(), i++) {
      if (heldOut[i]) {
        out.write(CsvWriter.record(row));
      }
    }
  }

  private static String join(JsonNode items, String type) {
    StringJoiner j = new StringJoiner(",");
    for (JsonNode item : items) {
      if (type == null) {
        j.add(item.asText());
      } else if (type.equals(item.path("type").asText()) && !item.path("name").asText().contains(",")) {
        // (a name with a comma cannot be listed; the column is typed by inference then, and check rows are typed
        // by the served signature anyway)
        j.add(item.path("name").asText());
      }
    }
    return j.toString();
  }

  private static Reader open(String url) throws IOException {
    try {
      HttpResponse<InputStream> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
          HttpResponse.BodyHandlers.ofInputStream());
      if (r.statusCode() != 200) {
        r.body().close();
        throw new CliFailure("cannot read " + url + ": HTTP " + r.statusCode());
      }
      return new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliFailure("interrupted");
    }
  }
}
