package dev.cd4ml.serving.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cd4ml.contracts.logging.PredictionLogFields;
import dev.cd4ml.parts.ForwardReceiver;
import dev.cd4ml.serving.support.TestFluentd;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Feedback's own path on a real forward receiver: taken while it can be buffered, refused (not dropped) once full. */
class FeedbackSenderTest {

  private static Map<String, Object> feedback(String requestId) {
    return Map.of(PredictionLogFields.REQUEST_ID, requestId, PredictionLogFields.ACTUAL, "yes",
        PredictionLogFields.MODEL, "credit", PredictionLogFields.ENVIRONMENT, "production");
  }

  @Test
  void acceptedFeedbackArrivesAndAFullBufferRefusesUntilFluentdIsBackThenNothingAcceptedIsLost() throws Exception {
    ForwardReceiver receiver = new ForwardReceiver(0);
    receiver.start();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    FeedbackSender sender = new FeedbackSender(new TestFluentd(true, receiver.port(), 16 * 1024, 64), registry);
    sender.start();
    try {
      assertEquals(FeedbackSender.Outcome.ACCEPTED, sender.send(feedback("up-1"), Instant.now()));
      receiver.awaitRecords(PredictionLogFields.FEEDBACK_TAG, 1, Duration.ofSeconds(10));

      receiver.stop();
      List<String> accepted = new ArrayList<>(List.of("up-1"));
      List<String> refused = new ArrayList<>();
      FeedbackSender.Outcome last = FeedbackSender.Outcome.ACCEPTED;
      for (int i = 0; i < 5_000 && last == FeedbackSender.Outcome.ACCEPTED; i++) {
        last = sender.send(feedback("down-" + i), Instant.now());
        (last == FeedbackSender.Outcome.ACCEPTED ? accepted : refused).add("down-" + i);
      }
      assertEquals(FeedbackSender.Outcome.BUFFER_FULL, last, "16 KiB hold far fewer than 5,000 records");
      assertTrue(accepted.size() > 20, "the buffer took what fits first: " + accepted.size());
      // Fluency re-packs its chunks in the background, so a record more may fit now and then: whatever it
      // takes is kept, whatever it refuses is never sent.
      for (int i = 0; i < 20; i++) {
        String id = "still-down-" + i;
        (sender.send(feedback(id), Instant.now()) == FeedbackSender.Outcome.ACCEPTED ? accepted : refused).add(id);
      }
      assertTrue(refused.size() > 10, "a full buffer keeps refusing while Fluentd is away: " + refused);
      assertEquals(refused.size(), registry.get("cd4ml.feedback.refused").tag("reason", "buffer-full").counter().count());
      assertEquals(accepted.size(), registry.get("cd4ml.feedback.accepted").counter().count());
      assertEquals(3, sender.retryAfterSeconds(), "2.5 s rounds up to whole seconds");

      receiver.start(); // Fluentd is back: every accepted record arrives, and new feedback is taken again
      Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> received(receiver).containsAll(accepted));
      Awaitility.await().atMost(Duration.ofSeconds(10))
          .until(() -> sender.send(feedback("after"), Instant.now()) == FeedbackSender.Outcome.ACCEPTED);
      assertTrue(received(receiver).stream().noneMatch(refused::contains), "a refused record is not sent behind the client's back");
    } finally {
      sender.close();
      receiver.stop();
    }
  }

  private static Set<Object> received(ForwardReceiver receiver) {
    return receiver.records().stream().filter(r -> r.tag().equals(PredictionLogFields.FEEDBACK_TAG))
        .map(r -> r.fields().get(PredictionLogFields.REQUEST_ID)).collect(Collectors.toSet());
  }

  @Test
  void withLoggingOffFeedbackIsRefusedNotSwallowed() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    FeedbackSender sender = new FeedbackSender(new TestFluentd(false, 1, 16 * 1024, 64), registry);
    sender.start();
    assertEquals(FeedbackSender.Outcome.LOGGING_OFF, sender.send(feedback("x"), Instant.now()));
    assertEquals(1.0, registry.get("cd4ml.feedback.refused").tag("reason", "logging-off").counter().count());
  }
}
