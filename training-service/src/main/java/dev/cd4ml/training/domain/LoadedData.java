package dev.cd4ml.training.domain;

import java.util.List;
import org.tribuo.classification.Label;
import org.tribuo.impl.ArrayExample;

/**
 * All rows of a dataset version as examples, in file order, plus each row's protected-column
 * values (for fairness) and the SHA-256 of the bytes they came from.
 */
public record LoadedData(FeatureMapping mapping, List<ArrayExample<Label>> examples, List<String[]> protectedValues, String sha256) {
  public int size() {
    return examples.size();
  }
}
