package org.concoord.core.value;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * Encodes Java values by their runtime type into the tagged form described in {@link Tags}. Bounds
 * are checked here too, so nothing is encoded that {@link ValueReader} would refuse. Not
 * thread-safe; one writer per value.
 */
final class ValueWriter {
  private byte[] buffer = new byte[16];
  private int size;

  /** Elements this value may still hold: what a reader would refuse is refused here first. */
  private long elementsLeft = ValueCodec.ELEMENTS_MAX;

  /** Most bytes this value may take; past it {@link ValueTooLargeException}, before growing. */
  private final int bytesMax;

  ValueWriter() {
    this(Integer.MAX_VALUE - 8);
  }

  ValueWriter(int bytesMax) {
    this.bytesMax = bytesMax;
  }

  byte[] toByteArray() {
    return buffer.length == size ? buffer : Arrays.copyOf(buffer, size);
  }

  void writeValue(Object value, int depth) {
    if (value == null) {
      writeTag(Tags.NULL);
    } else if (value instanceof Long
        || value instanceof Integer
        || value instanceof Short
        || value instanceof Byte) {
      writeLong(((Number) value).longValue());
    } else if (value instanceof String s) {
      writeString(s);
    } else if (value instanceof Boolean b) {
      writeTag(b ? Tags.TRUE : Tags.FALSE);
    } else if (value instanceof Double || value instanceof Float) {
      writeDouble(((Number) value).doubleValue());
    } else if (value instanceof Character c) {
      writeString(String.valueOf(c.charValue()));
    } else if (value instanceof byte[] bytes) {
      writeBytes(bytes);
    } else if (value instanceof Enum<?> e) {
      writeString(e.name());
    } else if (TextScalars.isTextScalar(value.getClass())) {
      writeString(TextScalars.toText(value));
    } else if (value instanceof Optional<?> optional) {
      if (optional.isPresent()) {
        writeValue(optional.get(), depth);
      } else {
        writeTag(Tags.EMPTY);
      }
    } else {
      writeComposite(value, depth + 1);
    }
  }

  private void writeComposite(Object value, int depth) {
    if (depth > ValueCodec.DEPTH_MAX) {
      throw new ValueException("nesting deeper than " + ValueCodec.DEPTH_MAX + " (a cycle?)");
    }
    if (value instanceof Collection<?> collection) {
      writeCollection(collection, depth);
    } else if (value instanceof Map<?, ?> map) {
      writeMap(map, depth);
    } else if (value.getClass().isArray()) {
      writeArray(value, depth);
    } else if (value instanceof Record record) {
      writeRecord(record, depth);
    } else {
      writePlain(value, depth);
    }
  }

  private void writeCollection(Collection<?> collection, int depth) {
    int count = checkCount(collection.size());
    writeTag(Tags.LIST);
    writeVarint(count);
    int written = 0;
    for (Object element : collection) {
      if (++written > count) {
        throw new ValueException("collection grew while being encoded");
      }
      writeElement(element, written - 1, depth);
    }
    if (written != count) {
      throw new ValueException("collection shrank while being encoded");
    }
  }

  private void writeMap(Map<?, ?> map, int depth) {
    int count = checkCount(map.size());
    writeTag(Tags.MAP);
    writeVarint(count);
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      String key = MapKeys.toText(entry.getKey());
      writeUtf8(key);
      try {
        writeValue(entry.getValue(), depth);
      } catch (ValueException e) {
        throw e.within("key " + ValueException.quote(key));
      }
    }
  }

  private void writeArray(Object array, int depth) {
    int count = checkCount(Array.getLength(array));
    writeTag(Tags.LIST);
    writeVarint(count);
    for (int i = 0; i < count; i++) {
      writeElement(Array.get(array, i), i, depth);
    }
  }

  private void writeRecord(Record record, int depth) {
    RecordComponent[] components = record.getClass().getRecordComponents();
    // By component name, in declaration order: printed as a JSON object, like a plain class.
    writeTag(Tags.MAP);
    writeVarint(checkCount(components.length));
    for (RecordComponent component : components) {
      Object value;
      try {
        value = component.getAccessor().invoke(record);
      } catch (IllegalAccessException e) {
        throw new ValueException(
            "cannot encode record " + record.getClass().getName() + ": it must be public", e);
      } catch (InvocationTargetException e) {
        throw new ValueException(
            "accessor "
                + component.getName()
                + "() of "
                + record.getClass().getName()
                + " threw "
                + e.getCause(),
            e.getCause());
      }
      writeUtf8(component.getName());
      try {
        writeValue(value, depth);
      } catch (ValueException e) {
        throw e.within("component '" + component.getName() + "'");
      }
    }
  }

  private void writePlain(Object value, int depth) {
    Class<?> type = value.getClass();
    java.util.List<Field> fields;
    try {
      fields = PlainClass.fields(type);
    } catch (ValueException e) {
      throw new ValueException("cannot encode a " + type.getName() + ": " + e.getMessage());
    }
    writeTag(Tags.MAP);
    writeVarint(checkCount(fields.size()));
    for (Field field : fields) {
      writeUtf8(field.getName());
      try {
        writeValue(field.get(value), depth);
      } catch (IllegalAccessException e) {
        throw new ValueException("cannot read field '" + field.getName() + "'", e);
      } catch (ValueException e) {
        throw e.within("field '" + field.getName() + "'");
      }
    }
  }

  private void writeElement(Object element, int index, int depth) {
    try {
      writeValue(element, depth);
    } catch (ValueException e) {
      throw e.within("element [" + index + "]");
    }
  }

  void writeLong(long value) {
    writeTag(Tags.LONG);
    writeVarint((value << 1) ^ (value >> 63));
  }

  void writeDouble(double value) {
    writeTag(Tags.DOUBLE);
    long bits = Double.doubleToLongBits(value);
    ensure(8);
    for (int shift = 56; shift >= 0; shift -= 8) {
      buffer[size++] = (byte) (bits >>> shift);
    }
  }

  void writeString(String value) {
    writeTag(Tags.STRING);
    writeUtf8(value);
  }

  void writeBytes(byte[] value) {
    if (value.length > ValueCodec.BYTES_LENGTH_MAX) {
      throw new ValueException(value.length + " bytes exceed " + ValueCodec.BYTES_LENGTH_MAX);
    }
    writeTag(Tags.BYTES);
    writeVarint(value.length);
    writeRaw(value);
  }

  private void writeUtf8(String value) {
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    if (utf8.length > ValueCodec.STRING_BYTES_MAX) {
      throw new ValueException(
          "string of " + utf8.length + " UTF-8 bytes exceeds " + ValueCodec.STRING_BYTES_MAX);
    }
    writeVarint(utf8.length);
    writeRaw(utf8);
  }

  private int checkCount(int count) {
    if (count > ValueCodec.COLLECTION_SIZE_MAX) {
      throw new ValueException(count + " elements exceed " + ValueCodec.COLLECTION_SIZE_MAX);
    }
    elementsLeft -= count + (long) ValueCodec.COLLECTION_COST;
    if (elementsLeft < 0) {
      throw new ValueException(
          "more than "
              + ValueCodec.ELEMENTS_MAX
              + " elements in one value"
              + " (a list or map counting "
              + ValueCodec.COLLECTION_COST
              + ")");
    }
    return count;
  }

  private void writeTag(int tag) {
    ensure(1);
    buffer[size++] = (byte) tag;
  }

  private void writeVarint(long value) {
    ensure(10);
    while ((value & ~0x7FL) != 0) {
      buffer[size++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    buffer[size++] = (byte) value;
  }

  private void writeRaw(byte[] bytes) {
    ensure(bytes.length);
    System.arraycopy(bytes, 0, buffer, size, bytes.length);
    size += bytes.length;
  }

  private void ensure(int more) {
    long needed = (long) size + more;
    if (needed > bytesMax) {
      throw new ValueTooLargeException(needed, bytesMax);
    }
    if (needed > buffer.length) {
      long grown = Math.min(Math.max(buffer.length * 2L, needed), bytesMax);
      buffer = Arrays.copyOf(buffer, (int) grown);
    }
  }
}
