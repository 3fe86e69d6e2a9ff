package dev.cd4ml.contracts.split;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;

/**
 * A seeded train/test split of row indices. The same rows, seed and spec give the same split,
 * which reproducibility depends on. Stratified: each label keeps its share in both parts.
 *
 * <p>The platform's one definition: training-service holds out {@link #test()} to evaluate a run, and the
 * pipeline's acceptance derives its check set (the rows the run never trained on) with the same call over
 * the same rows in file order. Too few rows or an empty test part is an {@link IllegalArgumentException}.
 */
public record Split(int[] train, int[] test) {

  /**
   * @param labelOf the label of row i (only read when stratified)
   */
  public static Split of(int rows, SplitSpec spec, long seed, IntFunction<String> labelOf) {
    if (rows < 2) {
      throw new IllegalArgumentException("at least 2 rows are needed for a train/test split, the version has " + rows);
    }
    Random random = new Random(seed);
    List<int[]> strata = new ArrayList<>();
    if (spec.stratified()) {
      // Insertion order of first appearance keeps the result independent of hash ordering.
      Map<String, List<Integer>> byLabel = new LinkedHashMap<>();
      for (int i = 0; i < rows; i++) {
        byLabel.computeIfAbsent(labelOf.apply(i), k -> new ArrayList<>()).add(i);
      }
      for (List<Integer> members : byLabel.values()) {
        strata.add(members.stream().mapToInt(Integer::intValue).toArray());
      }
    } else {
      int[] all = new int[rows];
      for (int i = 0; i < rows; i++) {
        all[i] = i;
      }
      strata.add(all);
    }
    int[] train = new int[rows];
    int[] test = new int[rows];
    int nTrain = 0;
    int nTest = 0;
    for (int[] stratum : strata) {
      shuffle(stratum, random);
      int testCount = (int) Math.round(stratum.length * spec.testFraction());
      // Both sides need rows; a tiny stratum gives its only row to training.
      if (testCount >= stratum.length) {
        testCount = stratum.length - 1;
      }
      for (int k = 0; k < stratum.length; k++) {
        if (k < testCount) {
          test[nTest++] = stratum[k];
        } else {
          train[nTrain++] = stratum[k];
        }
      }
    }
    if (nTest == 0) {
      throw new IllegalArgumentException("the test split is empty: " + rows + " rows with testFraction " + spec.testFraction());
    }
    int[] tr = java.util.Arrays.copyOf(train, nTrain);
    int[] te = java.util.Arrays.copyOf(test, nTest);
    // File order inside each part: training does not depend on stratum order.
    java.util.Arrays.sort(tr);
    java.util.Arrays.sort(te);
    return new Split(tr, te);
  }

  private static void shuffle(int[] a, Random random) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
