package dev.cd4ml.training.client;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

/** Turns REST client failures into the two outcomes callers act on. */
final class Remote {
  private Remote() {}

  static RuntimeException translate(String service, RuntimeException e) {
    if (e instanceof WebApplicationException wae) {
      Response r = wae.getResponse();
      int status = r == null ? 500 : r.getStatus();
      String detail = detail(r);
      if (status >= 400 && status < 500) {
        return new RemoteRejected(status, service + " answered " + status + (detail.isEmpty() ? "" : ": " + detail));
      }
      return new RemoteUnavailable(service + " answered " + status + (detail.isEmpty() ? "" : ": " + detail), e);
    }
    return new RemoteUnavailable(service + " unreachable: " + rootMessage(e), e);
  }

  private static String detail(Response r) {
    if (r == null) {
      return "";
    }
    try {
      r.bufferEntity();
      String body = r.readEntity(String.class);
      if (body == null) {
        return "";
      }
      body = body.replaceAll("\\s+", " ");
      return body.length() > 500 ? body.substring(0, 500) + "…" : body;
    } catch (RuntimeException ignored) {
      return "";
    }
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
  }
}
