package dev.cd4ml.serving.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cd4ml.contracts.logging.PredictionLogFields;
import dev.cd4ml.serving.domain.Explainer;
import dev.cd4ml.serving.domain.InputSchema;
import dev.cd4ml.serving.domain.LoadedModel;
import dev.cd4ml.serving.support.TestModels;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ExplanationSamplerTest {
  private static final LoadedModel CART = new LoadedModel(TestModels.info("credit", 3, new byte[] {1}, "CART"),
      TestModels.cart(5, 1), Instant.now());

  private static double count(SimpleMeterRegistry registry, String outcome) {
    return registry.get("cd4ml.explanation.samples").tag("outcome", outcome).counter().count();
  }

  @Test
  void drawsAboutTheConfiguredShareAndNothingAtZero() {
    SplittableRandom r = new SplittableRandom(7);
    ExplanationSampler sampler = new ExplanationSampler(0.01, 8, new Explainer(50), (t, m) -> {}, r::nextDouble,
        new SimpleMeterRegistry());
    int drawn = 0;
    for (int i = 0; i < 100_000; i++) {
      drawn += sampler.draw() ? 1 : 0;
    }
    assertTrue(drawn > 900 && drawn < 1100, "1 % of 100,000 draws, got " + drawn);
    sampler.setRate(0);
    for (int i = 0; i < 10_000; i++) {
      assertFalse(sampler.draw());
    }
    sampler.setRate(1);
    assertTrue(sampler.draw());
    assertThrows(IllegalArgumentException.class, () -> sampler.setRate(1.5));
    assertThrows(IllegalArgumentException.class, () -> sampler.setRate(Double.NaN));
  }

  @Test
  void aSampledPredictionIsExplainedOffThreadWithItsInputFeaturesAsDrivers() throws Exception {
    LinkedBlockingQueue<Object[]> sent = new LinkedBlockingQueue<>();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ExplanationSampler sampler = new ExplanationSampler(1.0, 8, new Explainer(50),
        (tag, record) -> sent.add(new Object[] {tag, record, Thread.currentThread().getName()}), () -> 0.5, registry);
    InputSchema.Row row = CART.schema().validate(TestModels.sampleRow(), InputSchema.UnseenPolicy.REJECT).row();
    String label = CART.predict(row).label();
    sampler.sample("req-1", 1_700_000_000_000L, "production", CART, row, label);
    Object[] got = sent.poll(10, TimeUnit.SECONDS);
    assertEquals(PredictionLogFields.EXPLANATION_TAG, got[0]);
    assertEquals("explanation-sampler", got[2], "explained on the sampler's worker, not the caller");
    @SuppressWarnings("unchecked")
    Map<String, Object> record = (Map<String, Object>) got[1];
    assertEquals("req-1", record.get(PredictionLogFields.REQUEST_ID));
    assertEquals("2023-11-14T22:13:20.000Z", record.get(PredictionLogFields.TIMESTAMP));
    assertEquals("production", record.get(PredictionLogFields.ENVIRONMENT));
    assertEquals("credit", record.get(PredictionLogFields.MODEL));
    assertEquals(3, record.get(PredictionLogFields.VERSION));
    assertEquals(label, record.get(PredictionLogFields.PREDICTION));
    assertEquals("decision-path", record.get(PredictionLogFields.METHOD));
    @SuppressWarnings("unchecked")
    List<String> drivers = (List<String>) record.get(PredictionLogFields.DRIVERS);
    assertFalse(drivers.isEmpty());
    assertTrue(drivers.size() <= 5);
    for (String d : drivers) {
      assertTrue(CART.schema().isFeature(d), "an input feature name, not a one-hot name: " + d);
    }
    assertFalse(record.containsKey(PredictionLogFields.WEIGHTS), "a decision path has no weights");
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
        .until(() -> count(registry, "logged") == 1.0); // counted right after the hand-over
  }

  @Test
  void aFullQueueDropsTheSampleAndCountsIt() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch busy = new CountDownLatch(1);
    LinkedBlockingQueue<Map<String, Object>> sent = new LinkedBlockingQueue<>();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ExplanationSampler sampler = new ExplanationSampler(1.0, 1, new Explainer(50), (tag, record) -> {
      busy.countDown();
      try {
        release.await(); // the worker is stuck sending the first sample
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      sent.add(record);
    }, () -> 0.5, registry);
    InputSchema.Row row = CART.schema().validate(TestModels.sampleRow(), InputSchema.UnseenPolicy.REJECT).row();
    sampler.sample("a", 0, "test", CART, row, "no");
    assertTrue(busy.await(10, TimeUnit.SECONDS));
    sampler.sample("b", 0, "test", CART, row, "no"); // waits in the queue of one
    long t0 = System.nanoTime();
    sampler.sample("c", 0, "test", CART, row, "no"); // no room: dropped at once
    sampler.sample("d", 0, "test", CART, row, "no");
    assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(1), "a full queue never blocks the caller");
    assertEquals(2.0, count(registry, "dropped"));
    release.countDown();
    assertEquals("a", sent.poll(10, TimeUnit.SECONDS).get(PredictionLogFields.REQUEST_ID));
    assertEquals("b", sent.poll(10, TimeUnit.SECONDS).get(PredictionLogFields.REQUEST_ID));
    assertEquals(null, sent.poll(200, TimeUnit.MILLISECONDS));
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
        .until(() -> count(registry, "logged") == 2.0);
  }

  @Test
  void anExplanationTheResponseComputedIsLoggedAsIs() {
    LinkedBlockingQueue<Map<String, Object>> sent = new LinkedBlockingQueue<>();
    ExplanationSampler sampler = new ExplanationSampler(0, 8, new Explainer(50), (tag, record) -> sent.add(record),
        () -> 0.0, new SimpleMeterRegistry());
    var drivers = new dev.cd4ml.explanations.Drivers("lime", List.of("income", "age"), Map.of("income", 0.4, "age", -0.2));
    sampler.computed("r", 0, "test", CART, "yes", drivers);
    Map<String, Object> record = sent.poll();
    assertEquals(List.of("income", "age"), record.get(PredictionLogFields.DRIVERS));
    assertEquals(Map.of("income", 0.4, "age", -0.2), record.get(PredictionLogFields.WEIGHTS));
    assertEquals("lime", record.get(PredictionLogFields.METHOD));
  }
}
