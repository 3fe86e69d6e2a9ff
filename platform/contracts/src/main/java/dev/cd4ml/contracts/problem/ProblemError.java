package dev.cd4ml.contracts.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One error with where it is: a field (JSON path, parameter or rule name) or a CSV row/column. */
@Schema(name = "ProblemError")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProblemError(
    @Schema(description = "Field, parameter or rule the error is about") String field,
    @Schema(description = "1-based line number in the uploaded file") Long row,
    @Schema(description = "1-based column number in the uploaded file") Integer column,
    @Schema(description = "What is wrong") String message) {

  public static ProblemError field(String field, String message) {
    return new ProblemError(field, null, null, message);
  }

  public static ProblemError at(long row, Integer column, String message) {
    return new ProblemError(null, row, column, message);
  }

  public static ProblemError at(long row, Integer column, String field, String message) {
    return new ProblemError(field, row, column, message);
  }
}
