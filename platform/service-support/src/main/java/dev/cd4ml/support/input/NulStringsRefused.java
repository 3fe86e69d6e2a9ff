package dev.cd4ml.support.input;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;

/**
 * JSON strings (values, object keys and enum constants) bound to Java types may not hold NUL ({@code \u0000}):
 * PostgreSQL cannot store it in text. The refusal is a Jackson mapping error, so the answer is the
 * usual 400 malformed-json naming the field. Other control characters stay allowed in JSON strings
 * (free text may hold a newline); names and references are checked by their own rules.
 */
@Singleton
public class NulStringsRefused implements ObjectMapperCustomizer {

  @Override
  public void customize(ObjectMapper mapper) {
    SimpleModule module = new SimpleModule("cd4ml-no-nul-strings");
    module.addDeserializer(String.class, new NoNulString());
    module.addKeyDeserializer(String.class, new NoNulKey());
    // Jackson trims an enum's text before its lookup, and trim() takes NUL for white space.
    module.setDeserializerModifier(new BeanDeserializerModifier() {
      @Override
      public JsonDeserializer<?> modifyEnumDeserializer(DeserializationConfig config, JavaType type,
          BeanDescription beanDesc, JsonDeserializer<?> deserializer) {
        return new NoNulEnum(deserializer);
      }
    });
    mapper.registerModule(module);
  }

  static final class NoNulString extends StdScalarDeserializer<String> {
    NoNulString() {
      super(String.class);
    }

    @Override
    public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      String s = StringDeserializer.instance.deserialize(p, ctxt);
      if (s != null && s.indexOf('\0') >= 0) {
        return (String) ctxt.handleWeirdStringValue(String.class, s, "a string may not hold NUL (U+0000)");
      }
      return s;
    }
  }

  static final class NoNulEnum extends DelegatingDeserializer {
    NoNulEnum(JsonDeserializer<?> enumDeserializer) {
      super(enumDeserializer);
    }

    @Override
    protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> newDelegatee) {
      return new NoNulEnum(newDelegatee);
    }

    @Override
    public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (p.hasToken(JsonToken.VALUE_STRING) && p.getText().indexOf('\0') >= 0) {
        return ctxt.handleWeirdStringValue(handledType(), p.getText(), "a value may not hold NUL (U+0000)");
      }
      return super.deserialize(p, ctxt);
    }
  }

  static final class NoNulKey extends KeyDeserializer {
    @Override
    public Object deserializeKey(String key, DeserializationContext ctxt) throws IOException {
      if (key.indexOf('\0') >= 0) {
        return ctxt.handleWeirdKey(String.class, key, "a key may not hold NUL (U+0000)");
      }
      return key;
    }
  }
}
