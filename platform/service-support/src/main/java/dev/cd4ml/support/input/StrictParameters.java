package dev.cd4ml.support.input;

import dev.cd4ml.contracts.problem.ProblemError;
import dev.cd4ml.contracts.problem.ProblemType;
import dev.cd4ml.support.problem.Problems;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Booleans and numbers in parameters are read strictly and a value that is not one answers 400
 * naming the parameter: JAX-RS reads {@code ?allowSchemaChange=yes-please} as {@code false} (so a
 * typo silently does the opposite) and answers a non-number with 404, as if the resource did not exist.
 */
@Provider
public class StrictParameters implements ParamConverterProvider {

  @Override
  @SuppressWarnings("unchecked")
  public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
    Function<String, Object> parse;
    String expected;
    if (rawType == boolean.class || rawType == Boolean.class) {
      parse = StrictParameters::bool;
      expected = "true or false";
    } else if (rawType == int.class || rawType == Integer.class) {
      parse = Integer::valueOf;
      expected = "an integer";
    } else if (rawType == long.class || rawType == Long.class) {
      parse = Long::valueOf;
      expected = "an integer";
    } else if (rawType == double.class || rawType == Double.class) {
      parse = Double::valueOf;
      expected = "a number";
    } else {
      return null;
    }
    String name = name(annotations);
    return (ParamConverter<T>) new ParamConverter<Object>() {
      @Override
      public Object fromString(String value) {
        if (value == null) {
          return null;
        }
        try {
          return parse.apply(value.trim());
        } catch (IllegalArgumentException e) {
          String message = name + " must be " + expected;
          throw new WebApplicationException(Problems.response(ProblemType.VALIDATION, message, null,
              List.of(ProblemError.field(name, message)), 1, null));
        }
      }

      @Override
      public String toString(Object value) {
        return String.valueOf(value);
      }
    };
  }

  private static Boolean bool(String s) {
    return switch (s.toLowerCase(Locale.ROOT)) {
      case "true" -> Boolean.TRUE;
      case "false" -> Boolean.FALSE;
      default -> throw new IllegalArgumentException(s);
    };
  }

  private static String name(Annotation[] annotations) {
    for (Annotation a : annotations == null ? new Annotation[0] : annotations) {
      if (a instanceof QueryParam q) {
        return q.value();
      }
      if (a instanceof PathParam p) {
        return p.value();
      }
      if (a instanceof HeaderParam h) {
        return h.value();
      }
    }
    return "parameter";
  }
}
