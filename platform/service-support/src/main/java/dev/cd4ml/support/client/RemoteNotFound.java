package dev.cd4ml.support.client;

import dev.cd4ml.contracts.problem.Problem;

/** The other service answered that what was asked for does not exist: an answer, not an outage. */
public class RemoteNotFound extends RemoteRejected {
  public RemoteNotFound(String service, int status, Problem problem, String message) {
    super(service, status, problem, message);
  }
}
