package dev.cd4ml.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cd4ml.cli.CliFailure;
import dev.cd4ml.contracts.csv.CsvFormatException;
import dev.cd4ml.contracts.csv.CsvReader;
import dev.cd4ml.contracts.feature.FeatureValues;
import dev.cd4ml.contracts.feature.Numbers;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rows of a dataset version turned into prediction requests following a model signature, with
 * the true label beside each: the held-out check set of acceptance and smoke tests. Cells are read
 * by the platform's one rule ({@link FeatureValues}, {@link Numbers}), as training read them: a
 * missing value in any spelling is sent as null.
 */
public record CheckRows(List<Map<String, Object>> features, List<String> labels) {

  static CheckRows load(String dataUrl, String dataset, String version, JsonNode signature, int max) {
    String url = dataUrl + "/datasets/" + dataset + "/versions/" + version + "/content";
    try {
      HttpResponse<java.io.InputStream> r = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofInputStream());
      if (r.statusCode() != 200) {
        r.body().close();
        throw new CliFailure("cannot read check data " + dataset + "@" + version + ": HTTP " + r.statusCode());
      }
      try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
        return from(in, signature, max);
      }
    } catch (IOException e) {
      throw new CliFailure("cannot read check data from " + url + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliFailure("interrupted");
    }
  }

  /** Up to {@code max} rows of the CSV in {@code in} (after its header). */
  public static CheckRows from(Reader in, JsonNode signature, int max) throws IOException {
    CsvReader csv = new CsvReader(in);
    String[] first = csv.next();
    if (first == null) {
      throw new CliFailure("check data is empty");
    }
    List<String> header = List.of(first);
    String labelColumn = signature.path("labelColumn").asText();
    int labelIndex = header.indexOf(labelColumn);
    if (labelIndex < 0) {
      throw new CliFailure("check data has no label column '" + labelColumn + "'");
    }
    List<Map<String, Object>> features = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    while (labels.size() < max) {
      String[] row;
      try {
        row = csv.next();
      } catch (CsvFormatException e) {
        continue; // a broken record is no check row, as one of the wrong width
      }
      if (row == null) {
        break;
      }
      if (row.length != header.size() || FeatureValues.isMissing(row[labelIndex])) {
        continue;
      }
      Map<String, Object> f = new LinkedHashMap<>();
      for (JsonNode spec : signature.path("features")) {
        String name = spec.path("name").asText();
        int i = header.indexOf(name);
        String raw = i < 0 ? null : row[i];
        if (FeatureValues.isMissing(raw)) {
          f.put(name, null);
        } else if ("numeric".equals(spec.path("type").asText())) {
          double v = Numbers.parse(raw);
          if (Double.isNaN(v)) {
            throw new CliFailure("check data line " + csv.recordLine() + ", column " + name + ": '" + raw
                + "' is not a number");
          }
          f.put(name, v);
        } else {
          f.put(name, FeatureValues.strip(raw));
        }
      }
      features.add(f);
      labels.add(FeatureValues.strip(row[labelIndex]));
    }
    return new CheckRows(features, labels);
  }

  public int size() {
    return labels.size();
  }
}
