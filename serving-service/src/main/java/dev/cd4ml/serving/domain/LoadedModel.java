package dev.cd4ml.serving.domain;

import dev.cd4ml.contracts.model.ModelVersionInfo;
import dev.cd4ml.explanations.FeatureColumns;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.VariableInfo;
import org.tribuo.classification.Label;
import org.tribuo.common.tree.LeafNode;
import org.tribuo.common.tree.Node;
import org.tribuo.common.tree.TreeModel;
import org.tribuo.math.la.SparseVector;
import org.tribuo.ensemble.EnsembleModel;

/**
 * A deserialized, verified model version ready to predict. Immutable: a swap replaces the whole
 * object, so a request that started on it finishes on it.
 */
public final class LoadedModel {
  private final ModelVersionInfo info;
  private final Model<Label> model;
  private final InputSchema schema;
  private final ModelKind kind;
  private final Instant loadedAt;
  private final boolean probabilities;
  private final List<String> labels;
  private final List<String> logNames;
  private final byte[][] logKeys;
  /** A single tree is walked here (see {@link #predict(InputSchema.Row)}); null for other models. */
  private final Node<Label> root;
  private final InputSchema.VectorEncoder encoder;
  private final FeatureColumns featureColumns;

  public LoadedModel(ModelVersionInfo info, Model<Label> model, Instant loadedAt) {
    this.info = info;
    this.model = model;
    this.loadedAt = loadedAt;
    Set<String> names = new HashSet<>();
    for (VariableInfo v : model.getFeatureIDMap()) {
      names.add(v.getName());
    }
    this.schema = InputSchema.compile(info.lineage() == null ? null : info.lineage().signature(), names);
    this.featureColumns = FeatureColumns.of(schema.features().stream().map(f -> f.name()).toList(), names);
    this.kind = model instanceof TreeModel<?> ? ModelKind.tree
        : model instanceof EnsembleModel<?> ? ModelKind.ensemble : ModelKind.other;
    this.probabilities = model.generatesProbabilities();
    List<String> l = new ArrayList<>();
    for (Label label : model.getOutputIDInfo().getDomain()) {
      l.add(label.getLabel());
    }
    l.sort(null);
    this.labels = List.copyOf(l);
    this.logNames = PredictionRecord.logNames(schema);
    this.logKeys = logNames.stream().map(MsgPackWriter::encode).toArray(byte[][]::new);
    if (model instanceof TreeModel<Label> tree && !(model instanceof EnsembleModel<?>)) {
      this.root = tree.getRoot();
      this.encoder = schema.encoderFor(model.getFeatureIDMap());
    } else {
      this.root = null;
      this.encoder = null;
    }
  }

  /**
   * Predicts a valid row. A single tree is walked over the row encoded straight into its feature ids,
   * exactly as {@code TreeModel.predict} walks it: that method's per-call name lookups and sorts were
   * two thirds of the prediction's cost. Other models predict through Tribuo's Example.
   */
  public PredictionOutcome predict(InputSchema.Row row) {
    if (root == null) {
      return predict(schema.toExample(row));
    }
    SparseVector vector = encoder.encode(row);
    if (vector.numActiveElements() == 0) {
      throw new IllegalArgumentException("no known feature in the row"); // as TreeModel.predict; validation refuses it first
    }
    Node<Label> node = root;
    Node<Label> next = root;
    while (next != null) {
      node = next;
      next = node.getNextNode(vector);
    }
    LeafNode<Label> leaf = (LeafNode<Label>) node;
    return outcome(leaf.getOutput(), probabilities ? leaf.getDistribution() : null);
  }

  public PredictionOutcome predict(Example<Label> example) {
    Prediction<Label> p = model.predict(example);
    return outcome(p.getOutput(), probabilities ? p.getOutputScores() : null);
  }

  private static PredictionOutcome outcome(Label label, Map<String, Label> scores) {
    if (scores == null) {
      return new PredictionOutcome(label.getLabel(), null);
    }
    Map<String, Double> probs = new LinkedHashMap<>(scores.size() * 2);
    for (Map.Entry<String, Label> e : scores.entrySet()) {
      probs.put(e.getKey(), e.getValue().getScore());
    }
    return new PredictionOutcome(label.getLabel(), probs);
  }

  public ModelVersionInfo info() { return info; }
  public String name() { return info.model(); }
  public int version() { return info.version(); }
  public Model<Label> model() { return model; }
  public InputSchema schema() { return schema; }
  /** The model's features traced back to the request's features, for explanations' drivers. */
  public FeatureColumns featureColumns() { return featureColumns; }
  public ModelKind kind() { return kind; }
  public Instant loadedAt() { return loadedAt; }
  public boolean hasProbabilities() { return probabilities; }
  /** The labels the model can predict, sorted. */
  public List<String> labels() { return labels; }
  /** The names the features have in the prediction log, in schema order. */
  public List<String> logNames() { return logNames; }
  /** {@link #logNames()} encoded as MessagePack strings, for the log shipper. */
  byte[][] logKeys() { return logKeys; }
}
