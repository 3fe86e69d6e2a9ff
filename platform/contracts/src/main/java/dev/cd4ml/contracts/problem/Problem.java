package dev.cd4ml.contracts.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * RFC 9457 problem details, the one error body of every service ({@code application/problem+json}).
 * Its {@code type} is always an entry of {@link ProblemType}, the catalogue.
 *
 * @param errors what was wrong and where, at most {@link #MAX_ERRORS} listed
 * @param errorCount how many errors were found in all (may exceed the list)
 */
@Schema(name = "Problem", description = "RFC 9457 problem details")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
    @Schema(description = "URI identifying the problem type", example = "https://cd4ml.dev/problems/validation")
    URI type,
    @Schema(description = "Short summary of the problem type", example = "Invalid input")
    String title,
    @Schema(description = "HTTP status", example = "400")
    int status,
    @Schema(description = "What went wrong in this occurrence")
    String detail,
    @Schema(description = "The request path that failed", example = "/datasets/credit/versions")
    String instance,
    @Schema(description = "Each error with its location")
    List<ProblemError> errors,
    @Schema(description = "Total number of errors found (the list holds at most 20)")
    Integer errorCount) {

  public static final String MEDIA_TYPE = "application/problem+json";
  public static final int MAX_ERRORS = 20;
  public static final String TYPE_BASE = "https://cd4ml.dev/problems/";
}
