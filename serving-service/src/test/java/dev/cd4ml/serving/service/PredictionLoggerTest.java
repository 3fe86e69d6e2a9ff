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
import org.junit.jupiter.api.Test;

/** Refused requests are logged on their own bounded queue: a flood of them drops rejections, never predictions. */
class PredictionLoggerTest {

  @Test
  void aFloodOfRejectionsDropsRejectionRecordsAndNoPredictionRecord() throws Exception {
    ForwardReceiver receiver = new ForwardReceiver(0);
    receiver.start();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    PredictionLogger logger = new PredictionLogger(new TestFluentd(true, receiver.port(), 16 * 1024, 16), registry);
    logger.start(null);
    try {
      for (int i = 0; i < 20_000; i++) {
        logger.log(new RejectionRecord("bad-" + i, System.currentTimeMillis(), "production", "credit", 1,
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
