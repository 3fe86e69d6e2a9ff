package dev.cd4ml.registry.domain;

import java.util.Set;

/** An authenticated caller (from a verified OIDC token): the actor name goes into the audit trail. */
public record Caller(String actor, Set<String> roles) {
  public Caller {
    roles = Set.copyOf(roles);
  }

  public boolean hasAny(Set<String> wanted) {
    return wanted.stream().anyMatch(roles::contains);
  }
}
