package dev.cd4ml.support.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cd4ml.contracts.problem.ProblemType;
import java.net.ConnectException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RemoteProblemsTest {
  private static final String PROBLEM = "application/problem+json";

  private static String body(ProblemType t, String detail) {
    return "{\"type\":\"" + t.uri() + "\",\"title\":\"" + t.title() + "\",\"status\":" + t.status()
        + ",\"detail\":\"" + detail + "\",\"instance\":\"/x\",\"errors\":[{\"field\":\"name\",\"message\":\"bad\"}],"
        + "\"errorCount\":1,\"somethingNew\":true}";
  }

  @Test
  void aValidationProblemIsARefusalWithItsTypeAndDetail() {
    RemoteFailure f = RemoteProblems.classify("registry-service", "model credit", 400, PROBLEM,
        body(ProblemType.VALIDATION, "name is not a model name"), null);
    assertInstanceOf(RemoteRejected.class, f);
    assertEquals(400, f.status());
    assertEquals(Optional.of(ProblemType.VALIDATION), f.type());
    assertEquals("name", f.problem().orElseThrow().errors().get(0).field());
    assertTrue(f.getMessage().contains("registry-service answered 400 Invalid input for model credit: name is not a model name"),
        f.getMessage());
  }

  @Test
  void notFoundIsItsOwnOutcomeAndStillARefusal() {
    RemoteFailure f = RemoteProblems.classify("data-service", null, 404, PROBLEM, body(ProblemType.NOT_FOUND, "no v9"), null);
    assertInstanceOf(RemoteNotFound.class, f);
    assertInstanceOf(RemoteRejected.class, f, "not retried, not counted by the circuit breaker");
  }

  @Test
  void theTypeDecidesBeforeTheStatus() {
    // a 4xx that says "later": retried
    assertInstanceOf(RemoteUnavailable.class,
        RemoteProblems.classify("training-service", null, 429, PROBLEM, body(ProblemType.QUEUE_FULL, "full"), null));
    // a 5xx that no retry changes: the stored artifact is bad
    assertInstanceOf(RemoteRejected.class,
        RemoteProblems.classify("registry-service", null, 502, PROBLEM, body(ProblemType.ARTIFACT_INTEGRITY, "sha"), null));
    // a 503 problem is unavailable
    assertInstanceOf(RemoteUnavailable.class,
        RemoteProblems.classify("registry-service", null, 503, PROBLEM, body(ProblemType.UNAVAILABLE, "S3 down"), null));
  }

  @Test
  void withoutAProblemBodyTheStatusDecides() {
    assertInstanceOf(RemoteRejected.class, RemoteProblems.classify("x", null, 400, "text/plain", "Bad Request", null));
    assertInstanceOf(RemoteNotFound.class, RemoteProblems.classify("x", null, 404, null, null, null));
    assertInstanceOf(RemoteUnavailable.class, RemoteProblems.classify("x", null, 500, "text/html", "<h1>oops</h1>", null));
    assertInstanceOf(RemoteUnavailable.class, RemoteProblems.classify("x", null, 502, null, "", null));
    assertInstanceOf(RemoteUnavailable.class, RemoteProblems.classify("x", null, 429, null, "", null));
    assertInstanceOf(RemoteUnavailable.class, RemoteProblems.classify("x", null, 408, null, "", null));
    // a foreign problem type (not our catalogue) falls back to the status
    String foreign = "{\"type\":\"https://example.org/p/quota\",\"title\":\"Quota\",\"status\":403}";
    RemoteFailure f = RemoteProblems.classify("x", null, 403, PROBLEM, foreign, null);
    assertInstanceOf(RemoteRejected.class, f);
    assertEquals(Optional.empty(), f.type());
    assertTrue(f.problem().isPresent());
  }

  @Test
  void aBrokenProblemBodyIsReadAsTextNotAsAProblem() {
    RemoteFailure f = RemoteProblems.classify("x", null, 503, PROBLEM, "{\"type\": [unterminated", null);
    assertInstanceOf(RemoteUnavailable.class, f);
    assertTrue(f.problem().isEmpty());
    assertTrue(f.getMessage().contains("unterminated"), f.getMessage());
  }

  @Test
  void noAnswerAtAllIsUnavailable() {
    RuntimeException refused = new RuntimeException("client failed", new ConnectException("Connection refused"));
    RemoteFailure f = RemoteProblems.classify("data-service", refused);
    assertInstanceOf(RemoteUnavailable.class, f);
    assertEquals(0, f.status());
    assertSame(refused, f.getCause());
    assertTrue(f.getMessage().contains("data-service unreachable: ConnectException: Connection refused"), f.getMessage());
  }

  @Test
  void anAlreadyClassifiedFailureIsKept() {
    RemoteFailure f = new RemoteRejected("x", 409, null, "conflict");
    assertSame(f, RemoteProblems.classify("y", f));
  }

  @Test
  void everyCatalogueTypeHasAnOutcomeConsistentWithItsClass() {
    for (ProblemType t : ProblemType.values()) {
      RemoteProblems.Outcome o = RemoteProblems.outcome(t, t.status());
      if (t == ProblemType.NOT_FOUND) {
        assertEquals(RemoteProblems.Outcome.NOT_FOUND, o);
      } else if (t.status() >= 500 && t != ProblemType.ARTIFACT_INTEGRITY && t != ProblemType.NOT_IMPLEMENTED) {
        assertEquals(RemoteProblems.Outcome.UNAVAILABLE, o, t.toString());
      } else if (t.status() < 500 && t.status() != 429) {
        assertEquals(RemoteProblems.Outcome.REJECTED, o, t.toString());
      }
    }
  }
}
