package org.concoord.core.host;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import org.concoord.core.value.TextScalars;
import org.concoord.core.value.ValueException;

/**
 * Snapshot encoding of the {@link TextScalars} (BigDecimal, BigInteger, Instant, Duration,
 * LocalDate, UUID), as values and as map keys: their canonical text, the same the argument codec
 * sends. Jackson's own handling would turn a BigDecimal into a JSON number, which the tree reader
 * parses as a double: "0.10" came back as 0.1, and a replica restored from a snapshot then held
 * another state than those that executed the calls.
 */
final class TextScalarModule {
  private TextScalarModule() {}

  /** Adds the serializers, deserializers and key (de)serializers to {@code module}. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static SimpleModule addTo(SimpleModule module) {
    for (Class<?> type : TextScalars.TYPES) {
      module.addSerializer((Class) type, new AsText());
      module.addKeySerializer((Class) type, new KeyAsText());
      module.addDeserializer((Class) type, new FromText(type));
      module.addKeyDeserializer(type, new KeyFromText(type));
    }
    return module;
  }

  private static final class AsText extends JsonSerializer<Object> {
    @Override
    public void serialize(Object value, JsonGenerator out, SerializerProvider provider)
        throws IOException {
      out.writeString(TextScalars.toText(value));
    }
  }

  private static final class KeyAsText extends JsonSerializer<Object> {
    @Override
    public void serialize(Object value, JsonGenerator out, SerializerProvider provider)
        throws IOException {
      out.writeFieldName(TextScalars.toText(value));
    }
  }

  private static final class FromText extends JsonDeserializer<Object> {
    private final Class<?> type;

    FromText(Class<?> type) {
      this.type = type;
    }

    @Override
    public Object deserialize(JsonParser in, DeserializationContext context) throws IOException {
      if (in.currentToken() != JsonToken.VALUE_STRING) {
        throw new IOException(
            "a " + type.getSimpleName() + " is a string in a snapshot, got " + in.currentToken());
      }
      try {
        return TextScalars.fromText(type, in.getText());
      } catch (ValueException e) {
        throw new IOException(e.getMessage(), e);
      }
    }
  }

  private static final class KeyFromText extends KeyDeserializer {
    private final Class<?> type;

    KeyFromText(Class<?> type) {
      this.type = type;
    }

    @Override
    public Object deserializeKey(String key, DeserializationContext context) throws IOException {
      try {
        return TextScalars.fromText(type, key);
      } catch (ValueException e) {
        throw new IOException(e.getMessage(), e);
      }
    }
  }
}
