package dev.cd4ml.contracts.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProblemTypeTest {

  @Test
  void slugsAndTypeUrisAreUnique() {
    Set<String> slugs = new HashSet<>();
    Set<URI> uris = new HashSet<>();
    for (ProblemType t : ProblemType.values()) {
      assertTrue(slugs.add(t.slug()), "duplicate slug " + t.slug());
      assertTrue(uris.add(t.uri()), "duplicate type " + t.uri());
    }
  }

  @Test
  void everyEntryHasAnErrorStatusATitleAndAUriUnderTheBase() {
    for (ProblemType t : ProblemType.values()) {
      assertTrue(t.status() >= 400 && t.status() <= 599, t + " status " + t.status());
      assertFalse(t.title().isBlank(), t + " title");
      assertTrue(t.slug().matches("[a-z0-9]+(-[a-z0-9]+)*"), t + " slug " + t.slug());
      assertEquals(URI.create(Problem.TYPE_BASE + t.slug()), t.uri());
    }
  }

  @Test
  void aReceivedTypeIsFoundByItsUriAndAStrangerIsNot() {
    for (ProblemType t : ProblemType.values()) {
      assertEquals(Optional.of(t), ProblemType.of(t.uri()));
    }
    assertEquals(Optional.empty(), ProblemType.of(URI.create("https://example.org/problems/validation")));
    assertEquals(Optional.empty(), ProblemType.of(null));
  }

  @Test
  void everyStatusMapsToAnEntryOfThatStatusOrOfItsClass() {
    for (int status = 400; status <= 599; status++) {
      ProblemType t = ProblemType.forStatus(status);
      assertTrue(t.status() == status || t.status() == (status < 500 ? 400 : 500), status + " -> " + t);
    }
    // every status the catalogue knows has a generic entry with exactly that status
    for (ProblemType t : ProblemType.values()) {
      assertEquals(t.status(), ProblemType.forStatus(t.status()).status(), t.toString());
    }
    assertEquals(ProblemType.METHOD_NOT_ALLOWED, ProblemType.forStatus(405));
    assertEquals(ProblemType.NOT_FOUND, ProblemType.forStatus(404));
  }
}
