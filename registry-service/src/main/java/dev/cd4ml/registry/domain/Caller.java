package dev.cd4ml.registry.domain;

import java.util.Set;

/** An authenticated caller: the actor name goes into the audit trail. */
public record Caller(String actor, Set<Role> roles) {
  public Caller {
    roles = Set.copyOf(roles);
  }

  public boolean hasAny(Set<Role> wanted) {
    return wanted.stream().anyMatch(roles::contains);
  }
}
