package dev.cd4ml.registry.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * Bearer tokens from configuration, {@code <token>:<actor>:<role>[+<role>]} separated by commas.
 * Tokens are compared in constant time so response timing does not reveal a prefix.
 */
public final class TokenTable {
  private record Entry(byte[] token, Caller caller) {}

  private final List<Entry> entries;

  private TokenTable(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  /**
   * @throws IllegalArgumentException naming the position of a malformed entry (never the token itself)
   */
  public static TokenTable parse(String spec) {
    List<Entry> entries = new ArrayList<>();
    if (spec == null || spec.isBlank()) {
      return new TokenTable(entries);
    }
    String[] items = spec.split(",");
    for (int i = 0; i < items.length; i++) {
      String item = items[i].trim();
      if (item.isEmpty()) {
        continue;
      }
      String[] parts = item.split(":", -1);
      String where = "cd4ml.auth.tokens entry " + (i + 1);
      if (parts.length != 3 || parts[0].isBlank() || parts[1].isBlank() || parts[2].isBlank()) {
        throw new IllegalArgumentException(where + " is not <token>:<actor>:<role>[+<role>]");
      }
      EnumSet<Role> roles = EnumSet.noneOf(Role.class);
      for (String role : parts[2].split("\\+")) {
        try {
          roles.add(Role.parse(role));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(where + ": " + e.getMessage());
        }
      }
      entries.add(new Entry(parts[0].trim().getBytes(StandardCharsets.UTF_8), new Caller(parts[1].trim(), roles)));
    }
    return new TokenTable(entries);
  }

  public int size() {
    return entries.size();
  }

  public Optional<Caller> lookup(String token) {
    if (token == null || token.isEmpty()) {
      return Optional.empty();
    }
    byte[] presented = token.getBytes(StandardCharsets.UTF_8);
    Caller found = null;
    for (Entry e : entries) {
      // Look at every entry: no early exit that would tell which one matched.
      if (MessageDigest.isEqual(e.token(), presented) && found == null) {
        found = e.caller();
      }
    }
    return Optional.ofNullable(found);
  }
}
