package dev.cd4ml.monitoring.domain;

import com.fasterxml.jackson.annotation.JsonValue;

/** A metric's judgement, from best to worst; {@code insufficient-data} is no judgement at all. */
public enum Status {
  OK("ok"), WARN("warn"), ALERT("alert"), INSUFFICIENT_DATA("insufficient-data");

  private final String json;

  Status(String json) {
    this.json = json;
  }

  @JsonValue
  public String json() {
    return json;
  }

  /** The worse of two judgements; a real judgement outranks insufficient data. */
  public Status worse(Status other) {
    if (this == INSUFFICIENT_DATA) {
      return other;
    }
    if (other == INSUFFICIENT_DATA) {
      return this;
    }
    return ordinal() >= other.ordinal() ? this : other;
  }
}
