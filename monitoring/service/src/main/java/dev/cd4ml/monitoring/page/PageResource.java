package dev.cd4ml.monitoring.page;

import dev.cd4ml.contracts.naming.ResourceNames;
import dev.cd4ml.support.problem.ProblemException;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The monitoring page for people: {@code /} lists every model and environment, {@code /models/{name}}
 * shows one. Pages for a browser, not an API, so they stay out of the OpenAPI document (the report
 * they show is {@code GET /monitoring/models/{name}/report}). Errors answer problem+json like the API.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
@Blocking
public class PageResource {
  /** The charting library as its webjar serves it from this jar (the version is the root pom's). */
  static final String CHART_JS = "/webjars/chart.js/" + webjarVersion("chart.js") + "/dist/chart.umd.min.js";
  private final ModelPages pages;

  public PageResource(ModelPages pages) {
    this.pages = pages;
  }

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance index(List<ModelPage.Card> cards);

    static native TemplateInstance model(ModelPage page, String chartJs);
  }

  private static String webjarVersion(String name) {
    String resource = "META-INF/maven/org.webjars.npm/" + name + "/pom.properties";
    try (var in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is not on the classpath");
      }
      var p = new java.util.Properties();
      p.load(in);
      return p.getProperty("version");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @GET
  @Operation(hidden = true)
  public TemplateInstance index() {
    return Templates.index(pages.cards());
  }

  @GET
  @Path("models/{name}")
  @Operation(hidden = true)
  public TemplateInstance model(@PathParam("name") String name,
      @QueryParam("environment") @DefaultValue("production") String environment,
      @QueryParam("version") Integer version,
      @QueryParam("feature") String feature,
      @QueryParam("from") String from,
      @QueryParam("to") String to) {
    ResourceNames.problem("model", name).ifPresent(p -> {
      throw ProblemException.badRequest("name", p);
    });
    return Templates.model(pages.page(name, environment, version, feature, instant("from", from), instant("to", to)),
        CHART_JS);
  }

  /** A window bound as the report API takes it (ISO-8601 instant). */
  private static java.time.Instant instant(String field, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return java.time.Instant.parse(value.trim());
    } catch (java.time.format.DateTimeParseException e) {
      throw ProblemException.badRequest(field, "'" + value + "' is not an ISO-8601 instant such as 2026-12-01T10:00:00Z");
    }
  }
}
