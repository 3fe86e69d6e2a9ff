package dev.cd4ml.contracts.dataset;

import dev.cd4ml.contracts.dataset.ColumnSpec.ColumnType;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded credit-default dataset as a CSV byte stream, produced row by row on demand so any row
 * count streams through the normal upload path in constant memory. Same (rows, seed, drift) →
 * same bytes → same version id.
 *
 * <p>The label {@code defaulted} is a logistic function of credit score, debt-to-income, late
 * payments, income and loan term, plus logistic noise: learnable, not deterministic (base rate
 * about 25% at drift 0). Protected columns {@code sex} and {@code age_band} have no direct effect
 * on the label. {@code drift} in [0, 1] moves the population the way production data drifts:
 * incomes fall (a factor e^(-0.6 drift)), late payments rise (Poisson mean +1.2), applicants get
 * older (mean age +16 years), the loan purpose mix shifts towards debt consolidation and medical,
 * and credit scores fall with the late payments; more defaults follow. At {@code drift=0.5} each
 * of these direct shifts is a major one for a monitor (PSI above 0.25 on age, its band, income,
 * late payments and purpose against drift 0); what follows from them (loan amounts, credit scores,
 * employment) moves moderately, and sex, region, housing, term and debt-to-income hardly move.
 *
 * <p>Drift also changes the concept, not only the population: medical loans default far more
 * (rising care costs, log-odds +{@value #MEDICAL_DRIFT} × drift). A model trained before the drift
 * cannot know it; one retrained on labelled drifted data can, which is what closing the feedback
 * loop is for (at drift 0.5 a CART of depth 10 retrained on 6,000 labelled drifted rows is about 7
 * points more accurate on new drifted traffic than one trained on 20,000 undrifted rows).
 *
 * <p>The one demo dataset of the platform: data-service serves it ({@code POST
 * /datasets/{name}/versions/generated}) and every module's tests draw their credit rows from it,
 * so the column names and category spellings exist once.
 */
public final class DemoDataGenerator extends InputStream {
  public static final List<String> COLUMNS = List.of("id", "age", "age_band", "sex", "income", "loan_amount",
      "loan_term_months", "credit_score", "num_late_payments", "debt_to_income", "employment", "housing",
      "purpose", "region", "defaulted");
  public static final String LABEL = "defaulted";
  public static final String POSITIVE_LABEL = "yes";
  public static final List<String> PROTECTED = List.of("sex", "age_band");
  public static final String ID = "id";
  public static final String HEADER = String.join(",", COLUMNS);
  /** The schema data-service infers for this data (numeric columns are those written as numbers). */
  public static final DatasetSchema SCHEMA = new DatasetSchema(1, COLUMNS.stream()
      .map(c -> new ColumnSpec(c, List.of("age_band", "sex", "employment", "housing", "purpose", "region", "defaulted")
          .contains(c) ? ColumnType.categorical : ColumnType.numeric))
      .toList(), LABEL, ID, PROTECTED);
  public static final List<String> AGE_BANDS = List.of("18-25", "26-35", "36-50", "51-65", "66+");
  public static final List<String> SEXES = List.of("female", "male");
  public static final List<String> EMPLOYMENTS = List.of("employed", "self_employed", "unemployed", "retired", "student");
  public static final List<String> HOUSINGS = List.of("own", "mortgage", "rent", "other");

  // Known parameters, exposed so tests can check that a profile recovers them.
  public static final double AGE_MEAN = 41.0;
  public static final double AGE_SD = 12.0;
  public static final double AGE_DRIFT = 16.0;
  public static final double AGE_MISSING = 0.03;
  public static final double CREDIT_SCORE_MISSING = 0.05;
  public static final double FEMALE_SHARE = 0.5;
  public static final double MEDIAN_INCOME = 48_000;
  public static final double LATE_MEAN = 0.6;
  public static final double LATE_DRIFT = 1.2;
  /** Log-income shift at full drift. */
  public static final double INCOME_DRIFT = 0.6;
  /** Default log-odds added to medical loans at full drift. */
  public static final double MEDICAL_DRIFT = 9.0;
  public static final int[] TERMS = {12, 24, 36, 48, 60, 72};
  public static final List<String> PURPOSES = List.of("car", "home_improvement", "debt_consolidation", "education",
      "business", "medical", "other");
  private static final double[] PURPOSE_WEIGHTS = {0.25, 0.18, 0.22, 0.10, 0.10, 0.05, 0.10};
  private static final double[] PURPOSE_WEIGHTS_DRIFTED = {0.05, 0.03, 0.58, 0.03, 0.03, 0.26, 0.02};
  public static final List<String> REGIONS = List.of("north", "south", "east", "west", "central");
  private static final byte[] HEADER_LINE = (HEADER + "\n").getBytes(StandardCharsets.US_ASCII);

  private final long rows;
  private final double drift;
  private final SplittableRandom random;
  private final double[] purposeWeights = new double[PURPOSE_WEIGHTS.length];
  private final StringBuilder line = new StringBuilder(256);
  private byte[] chunk = new byte[64 * 1024];
  private int chunkPos;
  private int chunkLen;
  private long produced;
  private boolean headerDone;

  public DemoDataGenerator(long rows, long seed, double drift) {
    if (rows < 1) {
      throw new IllegalArgumentException("rows must be at least 1");
    }
    if (!(drift >= 0 && drift <= 1)) {
      throw new IllegalArgumentException("drift must be between 0 and 1");
    }
    this.rows = rows;
    this.drift = drift;
    this.random = new SplittableRandom(seed);
    for (int i = 0; i < purposeWeights.length; i++) {
      purposeWeights[i] = (1 - drift) * PURPOSE_WEIGHTS[i] + drift * PURPOSE_WEIGHTS_DRIFTED[i];
    }
  }

  @Override
  public int read() {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) {
    if (len == 0) {
      return 0;
    }
    if (chunkPos == chunkLen && !fill()) {
      return -1;
    }
    int n = Math.min(len, chunkLen - chunkPos);
    System.arraycopy(chunk, chunkPos, b, off, n);
    chunkPos += n;
    return n;
  }

  private boolean fill() {
    chunkPos = 0;
    chunkLen = 0;
    if (!headerDone) {
      System.arraycopy(HEADER_LINE, 0, chunk, 0, HEADER_LINE.length);
      chunkLen = HEADER_LINE.length;
      headerDone = true;
    }
    while (produced < rows && chunkLen < chunk.length - 512) {
      line.setLength(0);
      row(produced + 1, line);
      for (int i = 0; i < line.length(); i++) {
        chunk[chunkLen++] = (byte) line.charAt(i); // ASCII only
      }
      produced++;
    }
    return chunkLen > 0;
  }

  /** Appends one CSV row (with its line feed). */
  void row(long id, StringBuilder out) {
    SplittableRandom r = random;
    boolean female = r.nextDouble() < FEMALE_SHARE;
    int age;
    do {
      age = (int) Math.round(AGE_MEAN + AGE_DRIFT * drift + AGE_SD * gaussian(r));
    } while (age < 18 || age > 90);
    String band = age <= 25 ? "18-25" : age <= 35 ? "26-35" : age <= 50 ? "36-50" : age <= 65 ? "51-65" : "66+";

    double u = r.nextDouble();
    String employment;
    if (age >= 63 && u < 0.7) {
      employment = "retired";
    } else if (age <= 24 && u < 0.35) {
      employment = "student";
    } else {
      double v = r.nextDouble();
      employment = v < 0.72 ? "employed" : v < 0.88 ? "self_employed" : "unemployed";
    }
    double incomeFactor = switch (employment) {
      case "unemployed" -> 0.4;
      case "retired" -> 0.7;
      case "student" -> 0.35;
      case "self_employed" -> 1.1;
      default -> 1.0;
    };
    double income = Math.round(MEDIAN_INCOME * incomeFactor * Math.exp(-INCOME_DRIFT * drift)
        * Math.exp(0.45 * gaussian(r)) / 100.0) * 100.0;
    income = Math.max(income, 3000);

    double housingU = r.nextDouble();
    double ownP = Math.min(0.6, 0.05 + 0.012 * Math.max(0, age - 25));
    String housing = housingU < ownP ? "own" : housingU < ownP + 0.3 ? "mortgage" : housingU < 0.95 ? "rent" : "other";
    String purpose = PURPOSES.get(pick(r, purposeWeights));
    String region = REGIONS.get(r.nextInt(REGIONS.size()));

    double loan = Math.round(Math.min(100_000, Math.max(500, income * 0.3 * Math.exp(0.5 * gaussian(r)))) / 50.0) * 50.0;
    int termIndex = Math.min(TERMS.length - 1, Math.max(0, (int) (loan / 8000) + r.nextInt(3) - 1));
    int term = TERMS[termIndex];

    int late = poisson(r, LATE_MEAN + LATE_DRIFT * drift + ("unemployed".equals(employment) ? 0.8 : 0));
    double score = 690 - 22 * late + 30 * Math.log(income / MEDIAN_INCOME) + 0.6 * (age - 40) + 50 * gaussian(r);
    int creditScore = (int) Math.round(Math.max(300, Math.min(850, score)));
    double existingDebt = Math.max(0, 0.22 + 0.06 * gaussian(r) + 0.05 * late / (1.0 + late));
    double dti = Math.min(1.5, existingDebt + (loan / term * 12) / income * 0.5);
    int dtiMilli = (int) Math.round(dti * 1000);

    double logit = -1.25
        + 1.1 * (650 - creditScore) / 60.0
        + 3.0 * (dti - 0.35)
        + 0.35 * late
        - 0.5 * Math.log(income / MEDIAN_INCOME)
        + 0.15 * (term - 36) / 12.0
        + ("medical".equals(purpose) ? MEDICAL_DRIFT * drift : 0);
    double p = 1 / (1 + Math.exp(-logit));
    boolean defaulted = r.nextDouble() < p;

    boolean ageMissing = r.nextDouble() < AGE_MISSING;
    boolean scoreMissing = r.nextDouble() < CREDIT_SCORE_MISSING;

    out.append(id).append(',');
    if (!ageMissing) {
      out.append(age);
    }
    out.append(',').append(band).append(',').append(female ? "female" : "male").append(',')
        .append((long) income).append(',').append((long) loan).append(',').append(term).append(',');
    if (!scoreMissing) {
      out.append(creditScore);
    }
    out.append(',').append(late).append(',');
    out.append(dtiMilli / 1000).append('.');
    int frac = dtiMilli % 1000;
    if (frac < 100) {
      out.append('0');
    }
    if (frac < 10) {
      out.append('0');
    }
    out.append(frac);
    out.append(',').append(employment).append(',').append(housing).append(',').append(purpose).append(',')
        .append(region).append(',').append(defaulted ? "yes" : "no").append('\n');
  }

  private static double gaussian(SplittableRandom r) {
    // Box-Muller; SplittableRandom has no nextGaussian in Java 17.
    double u1 = r.nextDouble();
    double u2 = r.nextDouble();
    return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
  }

  private static int poisson(SplittableRandom r, double mean) {
    double l = Math.exp(-mean);
    int k = 0;
    double p = 1;
    do {
      k++;
      p *= r.nextDouble();
    } while (p > l);
    return k - 1;
  }

  private static int pick(SplittableRandom r, double[] weights) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double u = r.nextDouble() * total;
    for (int i = 0; i < weights.length; i++) {
      u -= weights[i];
      if (u < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }
}
