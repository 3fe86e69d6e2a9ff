package dev.cd4ml.explanations;

import com.oracle.labs.mlrg.olcut.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.SparseModel;
import org.tribuo.classification.Label;
import org.tribuo.classification.explanations.lime.LIMEBase;
import org.tribuo.classification.explanations.lime.LIMEExplanation;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.slm.LARSLassoTrainer;

/**
 * LIME's local linear weights for the predicted label, seeded so the same example always gets the
 * same weights. Costs {@code samples} model predictions: never run it on an event loop.
 */
public final class Lime {
  public static final long SEED = 42L;
  /** LIME's sparse linear model keeps at most this many features. */
  public static final int FEATURES = 8;
  /** Small, so an explained prediction stays in the millisecond range. */
  public static final int DEFAULT_SAMPLES = 200;

  // LARS logs every iteration at INFO: per explanation that is a dozen lines; held strongly so the level sticks.
  private static final java.util.logging.Logger SLM_LOG = java.util.logging.Logger.getLogger("org.tribuo.regression.slm");

  static {
    SLM_LOG.setLevel(java.util.logging.Level.WARNING);
  }

  /** A model feature (Tribuo's name) and its signed local weight. */
  public record Weight(String feature, double weight) {}

  private Lime() {}

  /** Non-zero weights except the bias, largest magnitude first. */
  public static List<Weight> weights(Model<Label> model, Example<Label> example, String predicted, int samples) {
    LIMEBase lime = new LIMEBase(new SplittableRandom(SEED), model, new LARSLassoTrainer(FEATURES), samples);
    LIMEExplanation explanation = lime.explain(example);
    SparseModel<Regressor> linear = explanation.getModel();
    Map<String, List<Pair<String, Double>>> top = linear.getTopFeatures(FEATURES);
    List<Pair<String, Double>> forLabel = top.get(predicted);
    List<Weight> weights = new ArrayList<>();
    if (forLabel != null) {
      for (Pair<String, Double> p : forLabel) {
        if (!p.getA().equals(Model.BIAS_FEATURE) && p.getB() != 0.0) {
          weights.add(new Weight(p.getA(), p.getB()));
        }
      }
    }
    weights.sort((a, b) -> Double.compare(Math.abs(b.weight()), Math.abs(a.weight())));
    return List.copyOf(weights);
  }
}
