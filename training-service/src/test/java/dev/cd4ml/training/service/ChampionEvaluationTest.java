package dev.cd4ml.training.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cd4ml.contracts.model.ChampionMetrics;
import dev.cd4ml.contracts.model.ModelLineage;
import dev.cd4ml.contracts.model.ModelSignature;
import dev.cd4ml.contracts.model.ModelVersionInfo;
import dev.cd4ml.contracts.model.Stage;
import dev.cd4ml.contracts.split.SplitSpec;
import dev.cd4ml.fixtures.data.DemoData;
import dev.cd4ml.support.client.RemoteUnavailable;
import dev.cd4ml.training.client.RegistryClient;
import dev.cd4ml.training.domain.Algorithm;
import dev.cd4ml.training.domain.DatasetLoader;
import dev.cd4ml.training.domain.Evaluation;
import dev.cd4ml.training.domain.Evaluator;
import dev.cd4ml.training.domain.LoadedData;
import dev.cd4ml.training.domain.ModelTraining;
import dev.cd4ml.training.domain.TrainingParams;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.classification.Label;

/**
 * The production model measured on the run's own held-out rows, and every way that can be impossible
 * without failing the run. The registry is replaced by a scripted {@link RegistryClient} here;
 * {@code ChampionComponentTest} goes through the real registry.
 */
class ChampionEvaluationTest {
  private static final TrainingParams CART = new TrainingParams(6, 5f, 1f, 1);
  private static final List<String> PROTECTED = DemoData.SCHEMA.protectedColumns();

  /** v1: trained on undrifted rows, what production serves. */
  private static ModelTraining.Prepared old;
  private static Model<Label> v1;
  private static byte[] v1Bytes;
  private static Evaluation v1OwnEvaluation;
  /** The retrained candidate's data: drifted rows, seeded split. */
  private static ModelTraining.Prepared drifted;

  @BeforeAll
  static void train() throws Exception {
    old = prepare(DemoData.csv(8_000, 3, 0.0), 42);
    v1 = ModelTraining.train(Algorithm.CART, CART, 42, old.train());
    v1Bytes = RunExecution.serialize(v1);
    v1OwnEvaluation = ModelTraining.evaluate(v1, old, PROTECTED);
    drifted = prepare(DemoData.csv(8_000, 4, 0.5), 42);
  }

  private static ModelTraining.Prepared prepare(byte[] csv, long seed) throws Exception {
    LoadedData data = DatasetLoader.load(new ByteArrayInputStream(csv), DemoData.SCHEMA, null, n -> { }, () -> false);
    return ModelTraining.prepare(data, SplitSpec.DEFAULT, seed, null, "demo");
  }

  private static ModelVersionInfo info(int version, ModelSignature signature, String sha256) {
    ModelLineage lineage = new ModelLineage("run-1", "credit", "sha-of-v1-data", "abc", "cart", Map.of(), 42L,
        Map.of("accuracy", v1OwnEvaluation.accuracy()), signature, PROTECTED, "{}");
    return new ModelVersionInfo("credit", version, Stage.production, "s3://models/credit/1", sha256, 100, lineage,
        List.of(), null);
  }

  /** A registry answering from a script; counts the artifact downloads. */
  private static final class Scripted extends RegistryClient {
    final Optional<ModelVersionInfo> production;
    final byte[] artifact;
    final RuntimeException failure;
    final List<String> calls = new ArrayList<>();

    Scripted(Optional<ModelVersionInfo> production, byte[] artifact, RuntimeException failure) {
      super(null);
      this.production = production;
      this.artifact = artifact;
      this.failure = failure;
    }

    @Override
    public Optional<ModelVersionInfo> inStage(String model, String stage) {
      calls.add("inStage " + model + " " + stage);
      if (failure != null) {
        throw failure;
      }
      return production;
    }

    @Override
    public byte[] artifact(String model, int version) {
      calls.add("artifact " + model + " v" + version);
      return artifact;
    }
  }

  private static Scripted serving(byte[] artifact, String sha256) {
    return new Scripted(Optional.of(info(1, old.signature(), sha256)), artifact, null);
  }

  @Test
  void theProductionModelIsMeasuredOnExactlyTheRunsHeldOutRowsWithTheSameEvaluator() {
    Scripted registry = serving(v1Bytes, RunExecution.sha256(v1Bytes));
    ChampionEvaluation.Outcome outcome = new ChampionEvaluation(registry).evaluate("credit", drifted, PROTECTED);

    assertThat(registry.calls).containsExactly("inStage credit production", "artifact credit v1");
    assertThat(outcome.champion().version()).isEqualTo(1);
    assertThat(outcome.champion().dataVersion()).isEqualTo("sha-of-v1-data");
    assertThat(outcome.champion().reason()).isNull();
    // The same figures as evaluating v1 directly on the drifted held-out rows, under the champion prefix.
    Map<String, Double> direct = Evaluator.flatMetrics(ModelTraining.evaluate(v1, drifted, PROTECTED));
    assertThat(outcome.metrics()).containsEntry(ChampionMetrics.VERSION, 1.0).hasSize(direct.size() + 1);
    direct.forEach((k, v) -> assertThat(outcome.metrics()).containsEntry("champion." + k, v));
    assertThat(outcome.metrics()).containsKeys("champion.accuracy", "champion.macroF1", "champion.fairness.sex.accuracyGap");
    // Why the gate needs this: on the drifted rows v1 is clearly worse than its own (old rows) figure says.
    assertThat(outcome.metrics().get("champion.accuracy")).isLessThan(v1OwnEvaluation.accuracy() - 0.03);
  }

  @Test
  void theSameRunGivesTheSameChampionFigures() throws Exception {
    ChampionEvaluation.Outcome a = new ChampionEvaluation(serving(v1Bytes, RunExecution.sha256(v1Bytes)))
        .evaluate("credit", drifted, PROTECTED);
    // Loaded, split and evaluated again from the same bytes and seed.
    ChampionEvaluation.Outcome b = new ChampionEvaluation(serving(v1Bytes, RunExecution.sha256(v1Bytes)))
        .evaluate("credit", prepare(DemoData.csv(8_000, 4, 0.5), 42), PROTECTED);
    assertThat(b.metrics()).isEqualTo(a.metrics());
  }

  @Test
  void nothingInProductionGivesNoFiguresAndSaysSo() {
    Scripted registry = new Scripted(Optional.empty(), null, null);
    ChampionEvaluation.Outcome outcome = new ChampionEvaluation(registry).evaluate("credit", drifted, PROTECTED);
    assertThat(outcome.metrics()).isEmpty();
    assertThat(outcome.champion().version()).isNull();
    assertThat(outcome.champion().reason()).isEqualTo("no version of 'credit' is in production");
  }

  @Test
  void aRegistryOutageGivesNoFiguresAndTheReason() {
    Scripted registry = new Scripted(Optional.empty(), null,
        new RemoteUnavailable("registry-service", 0, null, "registry-service unreachable: Connection refused", null));
    ChampionEvaluation.Outcome outcome = new ChampionEvaluation(registry).evaluate("credit", drifted, PROTECTED);
    assertThat(outcome.metrics()).isEmpty();
    assertThat(outcome.champion().reason())
        .isEqualTo("registry-service could not say which version is in production: registry-service unreachable: Connection refused");
  }

  @Test
  void anUnreadableArtifactGivesNoFigures() {
    byte[] junk = "not a model".getBytes();
    ChampionEvaluation.Outcome outcome = new ChampionEvaluation(serving(junk, RunExecution.sha256(junk)))
        .evaluate("credit", drifted, PROTECTED);
    assertThat(outcome.metrics()).isEmpty();
    assertThat(outcome.champion().version()).isEqualTo(1);
    assertThat(outcome.champion().reason())
        .startsWith("the artifact of production version 1 is not a loadable Tribuo classification model");
  }

  @Test
  void anArtifactNotMatchingItsChecksumIsNotEvaluated() {
    ChampionEvaluation.Outcome outcome = new ChampionEvaluation(serving(v1Bytes, "0".repeat(64)))
        .evaluate("credit", drifted, PROTECTED);
    assertThat(outcome.metrics()).isEmpty();
    assertThat(outcome.champion().reason()).isEqualTo("the artifact of production version 1 does not match its SHA-256");
  }

  @Test
  void anIncompatibleSignatureGivesNoFiguresWithoutDownloadingTheArtifact() {
    ModelSignature s = old.signature();
    ModelSignature otherLabel = new ModelSignature(s.features(), "churned", s.labels(), s.positiveLabel());
    Scripted registry = new Scripted(Optional.of(info(1, otherLabel, "x")), v1Bytes, null);
    ChampionEvaluation.Outcome outcome = new ChampionEvaluation(registry).evaluate("credit", drifted, PROTECTED);
    assertThat(outcome.metrics()).isEmpty();
    assertThat(outcome.champion().reason())
        .isEqualTo("production version 1 cannot be evaluated on this run's data: its label column is churned, this run's is defaulted");
    assertThat(registry.calls).containsExactly("inStage credit production");
  }
}
