package dev.cd4ml.contracts.split;

/** How the held-out test set is drawn: a seeded shuffle, optionally per label (stratified). */
public record SplitSpec(double testFraction, boolean stratified) {
  public static final SplitSpec DEFAULT = new SplitSpec(0.2, true);
}
