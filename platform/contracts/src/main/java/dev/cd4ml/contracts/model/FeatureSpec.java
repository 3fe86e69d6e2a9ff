package dev.cd4ml.contracts.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** One input feature of a model: a numeric column, or a categorical column with its allowed categories. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FeatureSpec(String name, FeatureKind type, List<String> categories) {
  public enum FeatureKind { numeric, categorical }

  public static FeatureSpec numeric(String name) {
    return new FeatureSpec(name, FeatureKind.numeric, null);
  }

  public static FeatureSpec categorical(String name, List<String> categories) {
    return new FeatureSpec(name, FeatureKind.categorical, List.copyOf(categories));
  }
}
