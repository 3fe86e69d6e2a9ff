package dev.cd4ml.support.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cd4ml.contracts.problem.Problem;
import dev.cd4ml.contracts.problem.ProblemType;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.ext.ParamConverter;
import java.lang.annotation.Annotation;
import org.junit.jupiter.api.Test;

class StrictParametersTest {
  private final StrictParameters provider = new StrictParameters();

  @SuppressWarnings("unused")
  void resource(@QueryParam("allowSchemaChange") boolean allow, @QueryParam("rows") long rows) {}

  private Annotation[] annotationsOf(int parameter) throws Exception {
    return getClass().getDeclaredMethod("resource", boolean.class, long.class).getParameterAnnotations()[parameter];
  }

  @Test
  void onlyTrueAndFalseAreBooleans() throws Exception {
    ParamConverter<Boolean> c = provider.getConverter(boolean.class, boolean.class, annotationsOf(0));
    assertEquals(true, c.fromString("true"));
    assertEquals(false, c.fromString("FALSE"));
    WebApplicationException e = assertThrows(WebApplicationException.class, () -> c.fromString("yes-please"));
    assertEquals(400, e.getResponse().getStatus());
    Problem p = (Problem) e.getResponse().getEntity();
    assertEquals(ProblemType.VALIDATION.uri(), p.type());
    assertEquals("allowSchemaChange", p.errors().get(0).field());
  }

  @Test
  void aNonNumberIsA400NamingTheParameterNotA404() throws Exception {
    ParamConverter<Long> c = provider.getConverter(long.class, long.class, annotationsOf(1));
    assertEquals(42L, c.fromString(" 42 "));
    WebApplicationException e = assertThrows(WebApplicationException.class, () -> c.fromString("4x2"));
    assertEquals(400, e.getResponse().getStatus());
    assertEquals("rows must be an integer", ((Problem) e.getResponse().getEntity()).detail());
  }

  @Test
  void otherTypesAreLeftToTheFramework() {
    assertNull(provider.getConverter(String.class, String.class, new Annotation[0]));
  }
}
