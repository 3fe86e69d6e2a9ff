package dev.cd4ml.training.domain;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import dev.cd4ml.contracts.model.ModelSignature;
import dev.cd4ml.contracts.split.Split;
import dev.cd4ml.contracts.split.SplitSpec;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/** The steps of a run on loaded data, each a plain function of its inputs. */
public final class ModelTraining {
  private static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
  /** A fixed timestamp keeps the data provenance (and so the model bytes' meaning) independent of when we ran. */
  private static final OffsetDateTime EPOCH = OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

  private ModelTraining() {}

  /** Training and held-out parts of the data. */
  public record Prepared(MutableDataset<Label> train, List<ArrayExample<Label>> test, List<String[]> testGroups,
      Map<String, Long> labelCounts, String positiveLabel, ModelSignature signature) {}

  /** Splits (seeded), builds the Tribuo training set and the signature. */
  public static Prepared prepare(LoadedData data, SplitSpec spec, long seed, String requestedPositiveLabel,
      String description) {
    List<ArrayExample<Label>> all = data.examples();
    Split split;
    try {
      split = Split.of(all.size(), spec, seed, i -> all.get(i).getOutput().getLabel());
    } catch (IllegalArgumentException e) {
      throw new RunFailure(e.getMessage());
    }
    LabelFactory factory = new LabelFactory();
    MutableDataset<Label> train = new MutableDataset<>(new SimpleDataSourceProvenance(description, EPOCH, factory), factory);
    List<ArrayExample<Label>> trainRows = new ArrayList<>(split.train().length);
    for (int i : split.train()) {
      trainRows.add(all.get(i));
    }
    train.addAll(trainRows);
    List<ArrayExample<Label>> test = new ArrayList<>(split.test().length);
    List<String[]> groups = new ArrayList<>(split.test().length);
    for (int i : split.test()) {
      test.add(all.get(i));
      groups.add(data.protectedValues().get(i));
    }
    Map<String, Long> counts = new TreeMap<>();
    for (ArrayExample<Label> e : all) {
      counts.merge(e.getOutput().getLabel(), 1L, Long::sum);
    }
    String positive = Evaluator.positiveLabel(requestedPositiveLabel, counts);
    if (positive != null && !counts.containsKey(positive)) {
      throw new RunFailure("positiveLabel '" + positive + "' is not a value of label column " + data.mapping().schema().label()
          + " (values: " + String.join(", ", counts.keySet()) + ")");
    }
    if (counts.size() < 2) {
      throw new RunFailure("label column " + data.mapping().schema().label() + " has a single value; nothing to learn");
    }
    ModelSignature signature = data.mapping().signature(trainRows, positive);
    return new Prepared(train, test, groups, counts, positive, signature);
  }

  public static Model<Label> train(Algorithm algorithm, TrainingParams params, long seed, MutableDataset<Label> train) {
    return Trainers.create(algorithm, params, seed).train(train);
  }

  public static Evaluation evaluate(Model<Label> model, Prepared prepared, List<String> protectedColumns) {
    List<Prediction<Label>> predictions = model.predict(new ArrayList<org.tribuo.Example<Label>>(prepared.test()));
    int n = predictions.size();
    String[] truth = new String[n];
    String[] predicted = new String[n];
    double[] score = model.generatesProbabilities() && prepared.positiveLabel() != null ? new double[n] : null;
    for (int i = 0; i < n; i++) {
      truth[i] = prepared.test().get(i).getOutput().getLabel();
      Prediction<Label> p = predictions.get(i);
      predicted[i] = p.getOutput().getLabel();
      if (score != null) {
        Label s = p.getOutputScores().get(prepared.positiveLabel());
        score[i] = s == null ? 0 : s.getScore();
      }
    }
    return Evaluator.evaluate(truth, predicted, score, List.copyOf(prepared.labelCounts().keySet()),
        prepared.positiveLabel(), protectedColumns, prepared.testGroups());
  }

  /** Tribuo's provenance of the model (trainer, its configuration, data description) as JSON text. */
  public static String provenanceJson(Model<Label> model) {
    try {
      return JSON.writeValueAsString(ProvenanceUtil.convertToMap(model.getProvenance()));
    } catch (Exception e) {
      Map<String, String> fallback = new HashMap<>();
      fallback.put("provenance", ProvenanceUtil.formattedProvenanceString(model.getProvenance()));
      try {
        return JSON.writeValueAsString(fallback);
      } catch (Exception impossible) {
        return "{}";
      }
    }
  }
}
