package dev.cd4ml.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** Public access to check rows for tools beside the CLI (the local platform prints a working request). */
public final class Rows {
  private Rows() {}

  /** The first complete row of the dataset's latest version as prediction features. */
  public static Map<String, Object> first(String dataUrl, String dataset, JsonNode signature) {
    CheckRows rows = CheckRows.load(dataUrl, dataset, "latest", signature, 50);
    return rows.features().stream().filter(f -> !f.containsValue(null)).findFirst()
        .orElse(rows.features().get(0));
  }
}
