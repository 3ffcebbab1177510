package org.concoord.core.value;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decoders for enums (by constant name), records (a list in component order, or a map by component
 * name) and plain classes (a map by field name). They instantiate only the declared class, through
 * its public constructor: never a class named on the wire. Record and plain-class decoders are
 * created empty and completed by the builder, so a type may contain itself.
 */
final class ObjectDecoders {
  private ObjectDecoders() {}

  static final class EnumByName implements Decoder {
    private final Class<?> type;
    private final Map<String, Object> constants = new LinkedHashMap<>();

    EnumByName(Class<?> type) {
      this.type = type;
      for (Object constant : type.getEnumConstants()) {
        constants.put(((Enum<?>) constant).name(), constant);
      }
    }

    @Override
    public Object read(ValueReader in, int depth) {
      int tag = in.readTag();
      if (tag == Tags.NULL) {
        return null;
      }
      if (tag != Tags.STRING) {
        throw Decoder.mismatch(this, tag);
      }
      String name = in.readStringBody();
      Object constant = constants.get(name);
      if (constant == null) {
        throw new ValueException(
            ValueException.quote(name)
                + " is not one of "
                + type.getSimpleName()
                + " "
                + constants.keySet());
      }
      return constant;
    }

    @Override
    public String expected() {
      return type.getSimpleName();
    }
  }

  static final class RecordOf implements Decoder {
    private final Class<?> type;
    private final Constructor<?> constructor;
    private final Map<String, Integer> indexByName = new HashMap<>();
    private Decoder[] components;

    RecordOf(Class<?> type) {
      this.type = type;
      RecordComponent[] declared = type.getRecordComponents();
      Class<?>[] rawTypes = new Class<?>[declared.length];
      for (int i = 0; i < declared.length; i++) {
        rawTypes[i] = declared[i].getType();
        indexByName.put(declared[i].getName(), i);
      }
      try {
        constructor = type.getDeclaredConstructor(rawTypes);
      } catch (NoSuchMethodException e) {
        throw new ValueException(
            "unsupported type " + type.getName() + ": no canonical constructor");
      }
      if (!Modifier.isPublic(type.getModifiers())
          || !Modifier.isPublic(constructor.getModifiers())) {
        throw new ValueException(
            "unsupported type " + type.getName() + ": a record must be public");
      }
    }

    void complete(Decoder[] components) {
      this.components = components.clone();
    }

    @Override
    public Object read(ValueReader in, int depth) {
      int tag = in.readTag();
      if (tag == Tags.NULL) {
        return null;
      }
      int inner = ValueReader.checkDepth(depth + 1);
      Object[] values;
      if (tag == Tags.LIST) {
        values = readByPosition(in, inner);
      } else if (tag == Tags.MAP) {
        values = readByName(in, inner);
      } else {
        throw Decoder.mismatch(this, tag);
      }
      return construct(constructor, type, values);
    }

    private Object[] readByPosition(ValueReader in, int depth) {
      int count = in.readListCount();
      if (count != components.length) {
        throw new ValueException(
            "record "
                + type.getSimpleName()
                + " has "
                + components.length
                + " components, got "
                + count);
      }
      Object[] values = new Object[count];
      for (int i = 0; i < count; i++) {
        values[i] = readComponent(in, depth, i);
      }
      return values;
    }

    private Object[] readByName(ValueReader in, int depth) {
      int count = in.readMapCount();
      Object[] values = new Object[components.length];
      boolean[] seen = new boolean[components.length];
      for (int i = 0; i < count; i++) {
        String name = in.readStringBody();
        Integer index = indexByName.get(name);
        if (index == null) {
          throw new ValueException(
              "record " + type.getSimpleName() + " has no component " + ValueException.quote(name));
        }
        if (seen[index]) {
          throw new ValueException("duplicate component " + ValueException.quote(name));
        }
        seen[index] = true;
        values[index] = readComponent(in, depth, index);
      }
      for (Map.Entry<String, Integer> entry : indexByName.entrySet()) {
        if (!seen[entry.getValue()]) {
          throw new ValueException(
              "record " + type.getSimpleName() + ": component '" + entry.getKey() + "' missing");
        }
      }
      return values;
    }

    private Object readComponent(ValueReader in, int depth, int index) {
      try {
        return components[index].read(in, depth);
      } catch (ValueException e) {
        throw e.within("component '" + type.getRecordComponents()[index].getName() + "'");
      }
    }

    @Override
    public String expected() {
      return type.getSimpleName();
    }
  }

  static final class PlainOf implements Decoder {
    private final Class<?> type;
    private final Constructor<?> constructor;
    private final Map<String, Field> fields = new HashMap<>();
    private final Map<String, Decoder> decoders = new HashMap<>();

    PlainOf(Class<?> type) {
      this.type = type;
      this.constructor = PlainClass.constructor(type);
    }

    List<Field> fields() {
      List<Field> declared = PlainClass.fields(type);
      declared.forEach(f -> fields.put(f.getName(), f));
      return declared;
    }

    void complete(Field field, Decoder decoder) {
      decoders.put(field.getName(), decoder);
    }

    @Override
    public Object read(ValueReader in, int depth) {
      int inner = Decoder.openContainer(this, in, depth, Tags.MAP);
      if (inner < 0) {
        return null;
      }
      int count = in.readMapCount();
      Map<String, Object> values = new LinkedHashMap<>();
      for (int i = 0; i < count; i++) {
        String name = in.readStringBody();
        Decoder decoder = decoders.get(name);
        if (decoder == null) {
          throw new ValueException(
              type.getSimpleName() + " has no public field " + ValueException.quote(name));
        }
        try {
          ValueReader.putOnce(values, name, decoder.read(in, inner));
        } catch (ValueException e) {
          throw e.within("field '" + name + "'");
        }
      }
      // Fields absent from the map keep what the constructor gave them.
      Object instance = construct(constructor, type, new Object[0]);
      for (Map.Entry<String, Object> entry : values.entrySet()) {
        set(fields.get(entry.getKey()), instance, entry.getValue());
      }
      return instance;
    }

    private void set(Field field, Object instance, Object value) {
      try {
        field.set(instance, value);
      } catch (IllegalAccessException | IllegalArgumentException e) {
        throw new ValueException("field '" + field.getName() + "': " + e.getMessage(), e);
      }
    }

    @Override
    public String expected() {
      return type.getSimpleName();
    }
  }

  /** Runs the declared type's own constructor; its refusal (a thrown exception) is the error. */
  static Object construct(Constructor<?> constructor, Class<?> type, Object[] values) {
    try {
      return constructor.newInstance(values);
    } catch (InvocationTargetException e) {
      throw new ValueException(
          type.getSimpleName() + " refused the value: " + e.getCause(), e.getCause());
    } catch (ReflectiveOperationException | IllegalArgumentException e) {
      throw new ValueException("cannot construct " + type.getName() + ": " + e, e);
    }
  }
}
