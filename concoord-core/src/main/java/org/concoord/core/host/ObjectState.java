package org.concoord.core.host;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.concoord.core.value.TypeBindings;

/**
 * Snapshots of a hosted object's state, through Jackson: every non-static, non-transient field (the
 * class's and its superclasses', by name), written as JSON and read back by the field's declared
 * type. No type information is written or read: bytes from a peer can only fill the fields the
 * class declares, never name a class to instantiate.
 *
 * <p>Restoring writes into a freshly constructed instance. A field whose fresh value is a
 * collection or map is cleared and refilled in place, so the concrete class the constructor chose
 * (a {@code TreeMap} with its comparator, an {@code ArrayDeque}) survives; any other field is
 * replaced by a value of its declared type. {@link Parked} handles are written as (client, seq,
 * method) and come back bound to the restoring host. {@link StateCheck} reports at load time the
 * classes this cannot capture faithfully.
 */
final class ObjectState {
  /** A parked call as the host records it: the handle and the arity of its method. */
  record ParkedEntry(long clientId, long seq, String method, int arity) {}

  /** What a snapshot restored: the calls parked at the time. */
  record Restored(List<ParkedEntry> parked) {}

  private final JsonMapper mapper;

  /** A state field and the writer for its declared type. */
  private record FieldWriter(Field field, ObjectWriter writer) {}

  /** The field writers of the class last captured (one class per ObjectState, in practice). */
  private record Writers(Class<?> type, List<FieldWriter> fields) {}

  /**
   * Looked up once: resolving each field's type and building its writer on every capture cost more
   * than writing a small object's state, and the state quota captures every few dozen calls.
   */
  private volatile Writers writers;

  /**
   * One per hosted class, shared by every host of that class (a mapper and its caches are heavy; an
   * instance with 100,000 objects must not hold 100,000 of them). The host a restored {@link
   * Parked} belongs to travels as a reader attribute, so sharing is safe across threads.
   */
  ObjectState() {
    SimpleModule parked = new SimpleModule("concoord-parked");
    parked.addSerializer(Parked.class, new ParkedSerializer());
    parked.addDeserializer(Parked.class, new ParkedDeserializer());
    this.mapper = mapper(TextScalarModule.addTo(parked));
  }

  static JsonMapper mapper(SimpleModule module) {
    JsonMapper.Builder builder =
        JsonMapper.builder()
            .visibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
            .visibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(MapperFeature.ALLOW_FINAL_FIELDS_AS_MUTATORS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .addModule(module);
    JsonMapper built = builder.build();
    // A snapshot is at most one frame; the defaults (20 MB strings, 1000 levels) bound it anyway.
    built.getFactory().setStreamReadConstraints(StreamReadConstraints.defaults());
    return built;
  }

  /** The state of {@code instance} and the host's parked calls, as bytes. */
  byte[] capture(Object instance, List<ParkedEntry> parked) {
    return capture(instance, parked, 0);
  }

  /**
   * As {@link #capture(Object, List)}, into a buffer of {@code sizeHint} bytes to start with: given
   * the exact size (the last measure, when nothing changed since), the bytes are written once and
   * returned without the copies a growing buffer makes, which matters for states of hundreds of
   * megabytes.
   */
  byte[] capture(Object instance, List<ParkedEntry> parked, long sizeHint) {
    int initial = (int) Math.min(Math.max(sizeHint, 256), Integer.MAX_VALUE - 8);
    SizedBytes bytes = new SizedBytes(initial);
    capture(instance, parked, bytes);
    return bytes.bytes();
  }

  /** A byte buffer that hands out its array when it is exactly full. */
  private static final class SizedBytes extends ByteArrayOutputStream {
    SizedBytes(int size) {
      super(size);
    }

    byte[] bytes() {
      return count == buf.length ? buf : toByteArray();
    }
  }

  /** How many bytes {@link #capture} would return, counted without keeping them. */
  long size(Object instance, List<ParkedEntry> parked) {
    CountingStream counter = new CountingStream();
    capture(instance, parked, counter);
    return counter.count;
  }

  /** Counts what is written to it and keeps nothing. */
  private static final class CountingStream extends OutputStream {
    long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      count += len;
    }
  }

  /** Writes the state of {@code instance} and the host's parked calls to {@code bytes}. */
  void capture(Object instance, List<ParkedEntry> parked, OutputStream bytes) {
    try (JsonGenerator out = mapper.createGenerator(bytes)) {
      out.writeStartObject();
      out.writeArrayFieldStart("parked");
      for (ParkedEntry entry : parked) {
        out.writeStartArray();
        out.writeNumber(entry.clientId());
        out.writeNumber(entry.seq());
        out.writeString(entry.method());
        out.writeNumber(entry.arity());
        out.writeEndArray();
      }
      out.writeEndArray();
      out.writeObjectFieldStart("object");
      for (FieldWriter field : writers(instance.getClass())) {
        out.writeFieldName(field.field().getName());
        field.writer().writeValue(out, field.field().get(instance));
      }
      out.writeEndObject();
      out.writeEndObject();
    } catch (IOException | ReflectiveOperationException | IllegalArgumentException e) {
      throw new IllegalStateException(
          "cannot snapshot " + instance.getClass().getName() + ": " + e.getMessage(), e);
    }
  }

  private List<FieldWriter> writers(Class<?> type) {
    Writers known = writers;
    if (known != null && known.type() == type) {
      return known.fields();
    }
    TypeBindings bindings = TypeBindings.of(type);
    List<FieldWriter> fields = new ArrayList<>();
    for (Field field : StateCheck.stateFields(type)) {
      // By the declared type, as restore() reads it: never the runtime class's own view.
      fields.add(
          new FieldWriter(
              field,
              mapper.writerFor(
                  mapper
                      .getTypeFactory()
                      .constructType(bindings.resolve(field.getGenericType())))));
    }
    writers = new Writers(type, List.copyOf(fields));
    return fields;
  }

  /**
   * Fills {@code fresh} (just constructed) from {@code bytes}; returns the parked calls recorded.
   * Streamed, field by field into the instance: a tree of the whole document first cost several
   * times the state beside the restored object, and bytes of a few per node (16 MiB of {@code
   * [],[],...}) became millions of nodes before any check (review case 17).
   *
   * @throws IllegalArgumentException if the bytes are not a snapshot of this class
   */
  Restored restore(ObjectHost host, Object fresh, byte[] bytes) {
    try (JsonParser in = mapper.createParser(bytes)) {
      expect(in.nextToken() == JsonToken.START_OBJECT, "not an object snapshot");
      List<ParkedEntry> parked = null;
      boolean object = false;
      for (JsonToken token = in.nextToken();
          token != JsonToken.END_OBJECT;
          token = in.nextToken()) {
        expect(token == JsonToken.FIELD_NAME, "not an object snapshot");
        String name = in.currentName();
        in.nextToken();
        if (name.equals("parked") && parked == null) {
          parked = readParked(in);
        } else if (name.equals("object") && !object) {
          restoreFields(host, fresh, in, mapper.getTypeFactory().constructType(fresh.getClass()));
          object = true;
        } else {
          throw new IllegalArgumentException("not an object snapshot: key " + name);
        }
      }
      expect(parked != null && object && in.nextToken() == null, "not an object snapshot");
      return new Restored(parked);
    } catch (IOException | ReflectiveOperationException e) {
      throw new IllegalArgumentException(
          "cannot restore " + fresh.getClass().getName() + ": " + e.getMessage(), e);
    }
  }

  private static void expect(boolean holds, String otherwise) {
    if (!holds) {
      throw new IllegalArgumentException(otherwise);
    }
  }

  /** The parked calls: an array of [client, seq, method, arity] arrays. */
  private static List<ParkedEntry> readParked(JsonParser in) throws IOException {
    expect(in.currentToken() == JsonToken.START_ARRAY, "not an object snapshot: parked");
    List<ParkedEntry> parked = new ArrayList<>();
    while (in.nextToken() != JsonToken.END_ARRAY) {
      expect(in.currentToken() == JsonToken.START_ARRAY, "malformed parked call");
      expect(in.nextToken() == JsonToken.VALUE_NUMBER_INT, "malformed parked call");
      long client = in.getLongValue();
      expect(in.nextToken() == JsonToken.VALUE_NUMBER_INT, "malformed parked call");
      long seq = in.getLongValue();
      expect(in.nextToken() == JsonToken.VALUE_STRING, "malformed parked call");
      String method = in.getText();
      expect(in.nextToken() == JsonToken.VALUE_NUMBER_INT, "malformed parked call");
      int arity = in.getIntValue();
      expect(in.nextToken() == JsonToken.END_ARRAY, "malformed parked call");
      parked.add(new ParkedEntry(client, seq, method, arity));
    }
    return parked;
  }

  /**
   * Fills {@code target}'s state fields from the JSON object at the parser, exactly those: each
   * once, none missing, none unknown.
   */
  private void restoreFields(ObjectHost host, Object target, JsonParser in, JavaType context)
      throws IOException, ReflectiveOperationException {
    String type = target.getClass().getSimpleName();
    expect(in.currentToken() == JsonToken.START_OBJECT, "snapshot of " + type + " holds no object");
    Map<String, Field> declared = new HashMap<>();
    for (Field field : StateCheck.stateFields(target.getClass())) {
      declared.put(field.getName(), field);
    }
    TypeBindings bindings = TypeBindings.of(target.getClass());
    int restored = 0;
    while (in.nextToken() == JsonToken.FIELD_NAME) {
      Field field = declared.remove(in.currentName());
      expect(
          field != null,
          "snapshot of "
              + type
              + " has field "
              + in.currentName()
              + " twice or the class does not declare it");
      in.nextToken();
      // A field of a generic superclass has the type the subclass binds (Store<T> in StringStore).
      Type declaredType = bindings.resolve(field.getGenericType());
      restoreField(
          host,
          target,
          field,
          in,
          mapper.getTypeFactory().resolveMemberType(declaredType, context.getBindings()));
      restored++;
    }
    expect(
        declared.isEmpty(),
        "snapshot of "
            + type
            + " lacks fields "
            + declared.keySet()
            + " ("
            + restored
            + " restored)");
  }

  /**
   * What the constructor made is refilled in place (a container keeps its class and comparator, a
   * nested object its own containers); anything else is built from the declared type.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private void restoreField(
      ObjectHost host, Object target, Field field, JsonParser in, JavaType type)
      throws IOException, ReflectiveOperationException {
    Object current = field.get(target);
    if (in.currentToken() != JsonToken.VALUE_NULL
        && StateCheck.restoredInPlace(current, field.getGenericType())) {
      if (!(current instanceof Collection) && !(current instanceof Map)) {
        restoreFields(host, current, in, type);
        return;
      }
      Object decoded = decode(host, type, in);
      if (current instanceof Collection collection) {
        collection.clear();
        collection.addAll((Collection) decoded);
      } else {
        ((Map) current).clear();
        ((Map) current).putAll((Map) decoded);
      }
      return;
    }
    field.set(target, decode(host, type, in));
  }

  /** Where two snapshots differ, for messages: "field 'price': 0.20 then 0.2". */
  static String difference(byte[] first, byte[] second) {
    try {
      // Numbers exactly as written ("0.20" is not "0.2"), to name the field that differs.
      JsonMapper plain =
          JsonMapper.builder()
              .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
              .nodeFactory(
                  com.fasterxml.jackson.databind.node.JsonNodeFactory.withExactBigDecimals(true))
              .build();
      JsonNode a = plain.readTree(first).path("object");
      JsonNode b = plain.readTree(second).path("object");
      for (java.util.Iterator<String> names = a.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        if (!a.get(name).equals(b.get(name))) {
          return "field '" + name + "': " + shorten(a.get(name)) + " then " + shorten(b.get(name));
        }
      }
      return "the parked calls";
    } catch (IOException e) {
      return "bytes that do not parse (" + e.getMessage() + ")";
    }
  }

  private static String shorten(JsonNode node) {
    String text = String.valueOf(node);
    return text.length() <= 200 ? text : text.substring(0, 200) + "...";
  }

  /** The value at the parser, by {@code type}; the parser is left on its last token. */
  private Object decode(ObjectHost host, JavaType type, JsonParser in) throws IOException {
    return mapper.readerFor(type).withAttribute(ObjectHost.class, host).readValue(in);
  }

  private static final class ParkedSerializer extends JsonSerializer<Parked> {
    @Override
    public void serialize(Parked parked, JsonGenerator out, SerializerProvider provider)
        throws IOException {
      out.writeStartArray();
      out.writeNumber(parked.clientId());
      out.writeNumber(parked.seq());
      out.writeString(parked.method());
      out.writeEndArray();
    }
  }

  private static final class ParkedDeserializer extends JsonDeserializer<Parked> {
    @Override
    public Parked deserialize(JsonParser in, DeserializationContext context) throws IOException {
      JsonNode node = in.readValueAsTree();
      if (node == null || !node.isArray() || node.size() != 3 || !node.get(2).isTextual()) {
        throw new IOException("a parked call is [clientId, seq, method], got " + node);
      }
      ObjectHost host = (ObjectHost) context.getAttribute(ObjectHost.class);
      return new Parked(node.get(0).asLong(), node.get(1).asLong(), node.get(2).asText(), host);
    }
  }
}
