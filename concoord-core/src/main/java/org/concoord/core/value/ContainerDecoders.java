package org.concoord.core.value;

import java.lang.reflect.Array;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Decoders for collections, maps, arrays and Optional. Results are mutable JDK collections filled
 * in wire order (an interface is built as ArrayList, LinkedHashSet or LinkedHashMap, a concrete
 * java.util class as itself), so iteration order is the same on every replica. Null on the wire
 * decodes to null, except for Optional (empty).
 */
final class ContainerDecoders {
  private ContainerDecoders() {}

  /**
   * A collection, built by {@code factory} ({@link JdkContainers}): a List (or Collection,
   * Iterable), a Set (duplicates collapse), or a concrete java.util class.
   */
  static final class Elements implements Decoder {
    private final Decoder element;
    private final boolean set;
    private final Supplier<Collection<Object>> factory;

    Elements(Decoder element, boolean set, Supplier<Collection<Object>> factory) {
      this.element = element;
      this.set = set;
      this.factory = factory;
    }

    @Override
    public Object read(ValueReader in, int depth) {
      int inner = Decoder.openContainer(this, in, depth, Tags.LIST);
      if (inner < 0) {
        return null;
      }
      int count = in.readListCount();
      Collection<Object> result = factory.get();
      for (int i = 0; i < count; i++) {
        result.add(readElement(element, in, inner, i));
      }
      return result;
    }

    @Override
    public String expected() {
      return (set ? "set of " : "list of ") + element.expected();
    }
  }

  /** An array of any component type; byte[] is a scalar (bytes), not this. */
  static final class ArrayOf implements Decoder {
    private final Class<?> componentType;
    private final Decoder element;

    ArrayOf(Class<?> componentType, Decoder element) {
      this.componentType = componentType;
      this.element = element;
    }

    @Override
    public Object read(ValueReader in, int depth) {
      int inner = Decoder.openContainer(this, in, depth, Tags.LIST);
      if (inner < 0) {
        return null;
      }
      int count = in.readListCount();
      Object array = Array.newInstance(componentType, count);
      for (int i = 0; i < count; i++) {
        Array.set(array, i, readElement(element, in, inner, i));
      }
      return array;
    }

    @Override
    public String expected() {
      return "array of " + element.expected();
    }
  }

  /** A map whose keys travel as text and are parsed by their declared class ({@link MapKeys}). */
  static final class Keyed implements Decoder {
    private final Class<?> keyType;
    private final Decoder value;
    private final Supplier<Map<Object, Object>> factory;

    Keyed(Class<?> keyType, Decoder value, Supplier<Map<Object, Object>> factory) {
      this.keyType = keyType;
      this.value = value;
      this.factory = factory;
    }

    @Override
    public Object read(ValueReader in, int depth) {
      int inner = Decoder.openContainer(this, in, depth, Tags.MAP);
      if (inner < 0) {
        return null;
      }
      int count = in.readMapCount();
      Map<Object, Object> result = factory.get();
      for (int i = 0; i < count; i++) {
        String text = in.readStringBody();
        try {
          Object key = MapKeys.fromText(keyType, text);
          if (result.containsKey(key)) {
            throw new ValueException("duplicate key");
          }
          result.put(key, value.read(in, inner));
        } catch (ValueException e) {
          throw e.within("key " + ValueException.quote(text));
        }
      }
      return result;
    }

    @Override
    public String expected() {
      return "map of "
          + (keyType == String.class || keyType == Object.class
              ? ""
              : keyType.getSimpleName() + " to ")
          + value.expected();
    }
  }

  /** Optional.empty() travels as null, Optional.of(x) as x. */
  static final class Optionally implements Decoder {
    private final Decoder value;

    Optionally(Decoder value) {
      this.value = value;
    }

    @Override
    public Object read(ValueReader in, int depth) {
      if (in.peekTag() == Tags.NULL || in.peekTag() == Tags.EMPTY) {
        in.readTag();
        return Optional.empty();
      }
      return Optional.ofNullable(value.read(in, depth));
    }

    @Override
    public String expected() {
      return "optional " + value.expected();
    }
  }

  static Object readElement(Decoder element, ValueReader in, int depth, int index) {
    try {
      return element.read(in, depth);
    } catch (ValueException e) {
      throw e.within("element [" + index + "]");
    }
  }
}
