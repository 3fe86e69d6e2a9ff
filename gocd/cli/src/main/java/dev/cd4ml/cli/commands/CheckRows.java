package dev.cd4ml.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cd4ml.cli.CliFailure;
import dev.cd4ml.cli.Csv;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
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
 * the true label beside each: the held-out check set of acceptance and smoke tests.
 */
record CheckRows(List<Map<String, Object>> features, List<String> labels) {

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
        return from(Csv.read(in, max + 1), signature);
      }
    } catch (IOException e) {
      throw new CliFailure("cannot read check data from " + url + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliFailure("interrupted");
    }
  }

  static CheckRows from(List<List<String>> records, JsonNode signature) {
    if (records.isEmpty()) {
      throw new CliFailure("check data is empty");
    }
    List<String> header = records.get(0);
    String labelColumn = signature.path("labelColumn").asText();
    int labelIndex = header.indexOf(labelColumn);
    if (labelIndex < 0) {
      throw new CliFailure("check data has no label column '" + labelColumn + "'");
    }
    List<Map<String, Object>> features = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    for (List<String> row : records.subList(1, records.size())) {
      if (row.size() != header.size()) {
        continue;
      }
      Map<String, Object> f = new LinkedHashMap<>();
      for (JsonNode spec : signature.path("features")) {
        String name = spec.path("name").asText();
        int i = header.indexOf(name);
        String raw = i < 0 ? "" : row.get(i);
        if (raw.isEmpty()) {
          f.put(name, null);
        } else if ("numeric".equals(spec.path("type").asText())) {
          f.put(name, Double.parseDouble(raw));
        } else {
          f.put(name, raw);
        }
      }
      features.add(f);
      labels.add(row.get(labelIndex));
    }
    return new CheckRows(features, labels);
  }

  int size() {
    return labels.size();
  }
}
