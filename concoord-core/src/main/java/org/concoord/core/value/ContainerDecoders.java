package org.concoord.core.value;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;

/**
 * Decoders for List, Set, Map with string keys, arrays and Optional. Results are mutable JDK
 * collections in wire order (ArrayList, LinkedHashSet, LinkedHashMap), so iteration order is the
 * same on every replica. Null on the wire decodes to null, except for Optional (empty).
 */
final class ContainerDecoders {
  private ContainerDecoders() {}

  /** A List (or Collection, Iterable) or, with {@code set}, a Set; duplicates in a set collapse. */
  static final class Elements implements Decoder {
    private final Decoder element;
    private final boolean set;

    Elements(Decoder element, boolean set) {
      this.element = element;
      this.set = set;
    }

    @Override
    public Object read(ValueReader in, int depth) {
      int inner = Decoder.openContainer(this, in, depth, Tags.LIST);
      if (inner < 0) {
        return null;
      }
      int count = in.readListCount();
      Collection<Object> result = set ? new LinkedHashSet<>() : new ArrayList<>(count);
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

  static final class StringKeyed implements Decoder {
    private final Decoder value;

    StringKeyed(Decoder value) {
      this.value = value;
    }

    @Override
    public Object read(ValueReader in, int depth) {
      int inner = Decoder.openContainer(this, in, depth, Tags.MAP);
      if (inner < 0) {
        return null;
      }
      int count = in.readMapCount();
      Map<String, Object> result = new LinkedHashMap<>();
      for (int i = 0; i < count; i++) {
        String key = in.readStringBody();
        try {
          ValueReader.putOnce(result, key, value.read(in, inner));
        } catch (ValueException e) {
          throw e.within("key " + ValueException.quote(key));
        }
      }
      return result;
    }

    @Override
    public String expected() {
      return "map of " + value.expected();
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
      if (in.peekTag() == Tags.NULL) {
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
