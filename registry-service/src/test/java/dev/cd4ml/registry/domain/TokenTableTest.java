package dev.cd4ml.registry.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

class TokenTableTest {

  @Test
  void parsesActorsAndRoles() {
    TokenTable table = TokenTable.parse("t1:gocd:pipeline, t2:alice:promoter+pipeline");
    assertEquals(2, table.size());
    Caller gocd = table.lookup("t1").orElseThrow();
    assertEquals("gocd", gocd.actor());
    assertEquals(Set.of(Role.pipeline), gocd.roles());
    assertEquals(Set.of(Role.promoter, Role.pipeline), table.lookup("t2").orElseThrow().roles());
  }

  @Test
  void unknownMissingOrPrefixTokensAreNotAccepted() {
    TokenTable table = TokenTable.parse("secret-token:gocd:pipeline");
    assertTrue(table.lookup("secret").isEmpty());
    assertTrue(table.lookup("secret-token-x").isEmpty());
    assertTrue(table.lookup("").isEmpty());
    assertTrue(table.lookup(null).isEmpty());
  }

  @Test
  void emptyConfigurationMeansNoOne() {
    assertEquals(0, TokenTable.parse("").size());
    assertEquals(0, TokenTable.parse(null).size());
    assertTrue(TokenTable.parse(" , ").lookup("x").isEmpty());
  }

  @Test
  void malformedEntriesAreRejectedWithoutEchoingTheToken() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TokenTable.parse("ok:a:pipeline,topsecret:bob"));
    assertTrue(e.getMessage().contains("entry 2"), e.getMessage());
    assertFalse(e.getMessage().contains("topsecret"));
    IllegalArgumentException role = assertThrows(IllegalArgumentException.class,
        () -> TokenTable.parse("topsecret:bob:admin"));
    assertTrue(role.getMessage().contains("unknown role 'admin'"), role.getMessage());
    assertFalse(role.getMessage().contains("topsecret"));
  }
}
