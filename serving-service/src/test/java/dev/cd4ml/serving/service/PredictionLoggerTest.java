package dev.cd4ml.serving.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cd4ml.contracts.logging.PredictionLogFields;
import dev.cd4ml.contracts.problem.ProblemError;
import dev.cd4ml.parts.ForwardReceiver;
import dev.cd4ml.serving.domain.RejectionRecord;
import dev.cd4ml.serving.support.TestFluentd;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Refused requests are logged on their own bounded queue: a flood of them drops rejections, never predictions.
 * With Fluentd away, records wait in the spill on disk and all arrive, once, when it is back; a full spill drops
 * and counts exactly what it dropped.
 */
class PredictionLoggerTest {

  private static double count(SimpleMeterRegistry registry, String name) {
    return registry.get(name).counter().count();
  }

  private static void awaitShipper(SimpleMeterRegistry registry, int taken) {
    Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(1))
        .until(() -> count(registry, "cd4ml.prediction.log.emitted") >= taken);
  }

  private static Set<Object> requestIds(ForwardReceiver receiver) {
    return receiver.records().stream().filter(r -> r.tag().equals(PredictionLogFields.PREDICTION_TAG))
        .map(r -> r.fields().get(PredictionLogFields.REQUEST_ID)).collect(Collectors.toSet());
  }

  @Test
  void withTheReceiverStoppedRecordsWaitInTheSpillAndAllArriveOnceWhenItIsBack() throws Exception {
    ForwardReceiver receiver = new ForwardReceiver(0);
    receiver.start();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    PredictionLogger logger = new PredictionLogger(new TestFluentd(true, receiver.port(), 16 * 1024, 16), registry);
    logger.start(null);
    try {
      receiver.stop();
      int n = 30_000;
      for (int i = 0; i < n; i++) {
        logger.log(PredictionLogFields.PREDICTION_TAG, Map.of(PredictionLogFields.REQUEST_ID, "spill-" + i, "row", i));
        if (i % 1000 == 999) {
          awaitShipper(registry, i - 1000); // the queue (4096) never overflows: only the spill is tested
        }
      }
      Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> count(registry, "cd4ml.prediction.log.emitted") == n);
      assertTrue(count(registry, "cd4ml.prediction.log.spilled") > 0, "a 256K buffer cannot hold 30,000 records");
      assertTrue(logger.spilledWaiting() > 0, "records wait on disk while the receiver is away");
      assertEquals(0.0, count(registry, "cd4ml.prediction.log.dropped"));
      receiver.start();
      Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
          .until(() -> requestIds(receiver).size() == n);
      Thread.sleep(500); // a resend would arrive now
      assertEquals(n, receiver.records().size(), "no record arrived twice");
      assertEquals(n, count(registry, "cd4ml.prediction.log.sent"));
      assertEquals(0, logger.spilledWaiting());
    } finally {
      logger.stop(null);
      receiver.stop();
    }
  }

  @Test
  void aFullSpillDropsAndWhatWasDroppedIsEmittedMinusReceived() throws Exception {
    ForwardReceiver receiver = new ForwardReceiver(0);
    receiver.start();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    PredictionLogger logger = new PredictionLogger(new TestFluentd(true, receiver.port(), 16 * 1024, 16, 128 * 1024),
        registry);
    logger.start(null);
    try {
      receiver.stop();
      int n = 30_000;
      for (int i = 0; i < n; i++) {
        logger.log(PredictionLogFields.PREDICTION_TAG, Map.of(PredictionLogFields.REQUEST_ID, "full-" + i, "row", i));
        if (i % 1000 == 999) {
          awaitShipper(registry, i - 1000); // the queue (4096) never overflows: only the spill is tested
        }
      }
      Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> count(registry, "cd4ml.prediction.log.emitted") == n);
      double dropped = count(registry, "cd4ml.prediction.log.dropped");
      assertTrue(dropped > 0, "256K of buffer and 128K of spill cannot hold 30,000 records");
      receiver.start();
      for (long until = System.nanoTime() + 60_000_000_000L; System.nanoTime() < until; Thread.sleep(250)) {
        if (logger.spilledWaiting() == 0 && requestIds(receiver).size() >= n - (long) dropped) {
          break;
        }
      }
      assertEquals(0, logger.spilledWaiting(), "the spill drained; received " + requestIds(receiver).size()
          + ", dropped " + dropped + ", sent " + count(registry, "cd4ml.prediction.log.sent")
          + ", send errors " + count(registry, "cd4ml.prediction.log.send.errors"));
      Thread.sleep(500);
      assertEquals(n - (long) dropped, receiver.records().size(), "dropped = emitted - received, none twice");
      assertEquals(n - (long) dropped, requestIds(receiver).size());
      assertEquals(n - (long) dropped, (long) count(registry, "cd4ml.prediction.log.sent"));
    } finally {
      logger.stop(null);
      receiver.stop();
    }
  }

  @Test
  void aFloodOfRejectionsDropsRejectionRecordsAndNoPredictionRecord() throws Exception {
    ForwardReceiver receiver = new ForwardReceiver(0);
    receiver.start();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    PredictionLogger logger = new PredictionLogger(new TestFluentd(true, receiver.port(), 16 * 1024, 16), registry);
    logger.start(null);
    try {
      for (int i = 0; i < 20_000; i++) {
        logger.log(new RejectionRecord("bad-" + i, System.currentTimeMillis(), "production", "credit", 1, null,
            "/predictions", 400, "validation", List.of(ProblemError.field("features.colour", "unknown feature")),
            null, null));
        if (i % 200 == 0) {
          logger.log(PredictionLogFields.PREDICTION_TAG, Map.of(PredictionLogFields.REQUEST_ID, "ok-" + i));
        }
      }
      List<ForwardReceiver.Record> predictions = receiver.awaitRecords(PredictionLogFields.PREDICTION_TAG, 100,
          Duration.ofSeconds(20));
      assertEquals(100, predictions.size());
      assertEquals(0.0, registry.get("cd4ml.prediction.log.dropped").counter().count());
      double dropped = registry.get("cd4ml.rejection.log.dropped").counter().count();
      double sent = registry.get("cd4ml.rejection.log.emitted").counter().count();
      assertTrue(dropped > 0, "a queue of 16 cannot hold a tight loop of 20,000");
      List<ForwardReceiver.Record> rejections = receiver.awaitRecords(PredictionLogFields.REJECTION_TAG, (int) sent,
          Duration.ofSeconds(20));
      assertEquals(20_000, (long) (dropped + sent), "every rejection is either sent or counted as dropped");
      Map<String, Object> first = rejections.get(0).fields();
      assertEquals(List.of("features.colour"), first.get(PredictionLogFields.FIELDS));
      assertEquals("validation", first.get(PredictionLogFields.PROBLEM_TYPE));
      assertEquals(400L, ((Number) first.get(PredictionLogFields.STATUS)).longValue());
    } finally {
      logger.stop(null);
      receiver.stop();
    }
  }
}
