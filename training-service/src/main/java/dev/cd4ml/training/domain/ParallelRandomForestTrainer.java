package dev.cd4ml.training.domain;

import com.oracle.labs.mlrg.olcut.provenance.ListProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.tribuo.Dataset;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.common.tree.DecisionTreeTrainer;
import org.tribuo.common.tree.RandomForestTrainer;
import org.tribuo.ensemble.EnsembleCombiner;
import org.tribuo.ensemble.EnsembleModel;
import org.tribuo.ensemble.WeightedEnsembleModel;
import org.tribuo.provenance.EnsembleModelProvenance;
import org.tribuo.provenance.TrainerProvenance;

/**
 * Tribuo 4.3.2's {@link RandomForestTrainer} builds its trees one after another; this builds them on
 * {@code threads} threads and yields the same model. It draws each tree's bootstrap seed from the
 * same RNG in the same order and hands the inner CART trainer the same invocation count per tree
 * (which reseeds it under its own lock), so what a tree sees never depends on scheduling. Later
 * Tribuo releases do the same with their {@code numThreads} argument.
 */
public final class ParallelRandomForestTrainer extends RandomForestTrainer<Label> {
  private final int threads;

  public ParallelRandomForestTrainer(DecisionTreeTrainer<Label> trainer, EnsembleCombiner<Label> combiner, int trees,
      long seed, int threads) {
    super(trainer, combiner, trees, seed);
    this.threads = Math.max(1, Math.min(threads, trees));
  }

  @Override
  public EnsembleModel<Label> train(Dataset<Label> examples, Map<String, Provenance> runProvenance, int invocationCount) {
    SplittableRandom localRng;
    TrainerProvenance trainerProvenance;
    synchronized (this) {
      if (invocationCount != INCREMENT_INVOCATION_COUNT) {
        setInvocationCount(invocationCount);
      }
      localRng = rng.split();
      trainerProvenance = getProvenance();
      trainInvocationCounter++;
    }
    ImmutableFeatureMap featureIds = examples.getFeatureIDMap();
    ImmutableOutputInfo<Label> labelIds = examples.getOutputIDInfo();
    int first = innerTrainer.getInvocationCount();
    int[] seeds = new int[numMembers];
    for (int i = 0; i < numMembers; i++) {
      seeds[i] = localRng.nextInt();
    }
    List<Model<Label>> models = trainTrees(examples, featureIds, labelIds, seeds, runProvenance, first);
    // Each tree set the inner trainer's count to its own; leave it where Tribuo's loop leaves it, so a
    // second train() on this trainer draws what Tribuo's would, whichever tree finished last.
    innerTrainer.setInvocationCount(first + numMembers);
    EnsembleModelProvenance provenance = new EnsembleModelProvenance(WeightedEnsembleModel.class.getName(),
        OffsetDateTime.now(), examples.getProvenance(), trainerProvenance, runProvenance,
        ListProvenance.createListProvenance(models));
    return new WeightedEnsembleModel<>(ensembleName(), provenance, featureIds, labelIds, models, combiner);
  }

  private List<Model<Label>> trainTrees(Dataset<Label> examples, ImmutableFeatureMap featureIds,
      ImmutableOutputInfo<Label> labelIds, int[] seeds, Map<String, Provenance> runProvenance, int first) {
    AtomicInteger n = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "forest-tree-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<Model<Label>>> futures = new ArrayList<>(seeds.length);
      for (int i = 0; i < seeds.length; i++) {
        int tree = i;
        futures.add(pool.submit(
            () -> trainSingleModel(examples, featureIds, labelIds, seeds[tree], runProvenance, first + tree)));
      }
      List<Model<Label>> models = new ArrayList<>(seeds.length);
      for (Future<Model<Label>> f : futures) {
        models.add(f.get()); // in tree order, whatever order they finished in
      }
      return models;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // a cancelled run: stop the trees still queued
      throw new IllegalStateException("training interrupted", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof RuntimeException re ? re : new IllegalStateException(cause);
    } finally {
      pool.shutdownNow();
    }
  }
}
