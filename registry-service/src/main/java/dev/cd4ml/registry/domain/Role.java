package dev.cd4ml.registry.domain;

/** What a caller may do: the pipeline moves versions into staging and records checks; a promoter decides production. */
public enum Role {
  pipeline, promoter;

  public static Role parse(String value) {
    for (Role r : values()) {
      if (r.name().equalsIgnoreCase(value.trim())) {
        return r;
      }
    }
    throw new IllegalArgumentException("unknown role '" + value + "' (pipeline, promoter)");
  }
}
