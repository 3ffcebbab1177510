package org.concoord.core.value;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON for people at a terminal ({@code concoord call -b ... add 5}): encoded values to JSON and
 * back. Hand-written and small on purpose. Mapping: numbers without fraction or exponent are long
 * (out of range is an error, not a rounding), others double; bytes print as a base64 string (a
 * byte[] parameter accepts one); NaN and infinities print as the strings "NaN", "Infinity" and
 * "-Infinity", since JSON has no such numbers. Duplicate object keys are an error. Pure.
 */
public final class Values {
  private Values() {}

  /** The JSON text of an encoded value. */
  public static String toJson(byte[] bytes) {
    ValueReader in = new ValueReader(bytes);
    StringBuilder out = new StringBuilder();
    writeJson(in, out, 0);
    in.expectEnd();
    return out.toString();
  }

  /**
   * A call's result as a person reads it: nothing (null) for a void method, {@code empty} for an
   * empty Optional, else the JSON text (records and classes as objects by field name).
   */
  public static String resultText(byte[] bytes) {
    if (bytes.length == 0) {
      return null;
    }
    if (bytes.length == 1 && (bytes[0] & 0xFF) == Tags.EMPTY) {
      return "empty";
    }
    return toJson(bytes);
  }

  /** The encoded form of one JSON value. */
  public static byte[] fromJson(String json) {
    return ValueCodec.encode(new JsonParser(json).parseDocument());
  }

  /**
   * An encoded argument list from one JSON value per argument, as a command line gives them. A bare
   * word that is not JSON ({@code put a x}) is taken as a string, so that a shell user need not
   * type {@code '"a"'}; JSON's literals, numbers, arrays and objects keep their meaning.
   */
  public static byte[] argsFromJson(List<String> jsonArgs) {
    List<Object> args = new ArrayList<>(jsonArgs.size());
    for (int i = 0; i < jsonArgs.size(); i++) {
      String text = jsonArgs.get(i);
      try {
        args.add(new JsonParser(text).parseDocument());
      } catch (ValueException e) {
        if (!isBareWord(text)) {
          throw e.within("argument " + (i + 1));
        }
        args.add(text);
      }
    }
    return ValueCodec.encode(args);
  }

  /** Text that JSON would not start a value with: not a quote, bracket, brace, digit or sign. */
  static boolean isBareWord(String text) {
    if (text.isEmpty()) {
      return false;
    }
    char first = text.charAt(0);
    return "\"[{-+0123456789".indexOf(first) < 0 && !Character.isWhitespace(first);
  }

  private static void writeJson(ValueReader in, StringBuilder out, int depth) {
    int tag = in.readTag();
    switch (tag) {
      case Tags.NULL, Tags.EMPTY -> out.append("null");
      case Tags.FALSE -> out.append("false");
      case Tags.TRUE -> out.append("true");
      case Tags.LONG -> out.append(in.readLongBody());
      case Tags.DOUBLE -> writeDouble(in.readDoubleBody(), out);
      case Tags.STRING -> writeString(in.readStringBody(), out);
      case Tags.BYTES -> writeString(Base64.getEncoder().encodeToString(in.readBytesBody()), out);
      case Tags.LIST -> {
        int inner = ValueReader.checkDepth(depth + 1);
        int count = in.readListCount();
        out.append('[');
        for (int i = 0; i < count; i++) {
          out.append(i == 0 ? "" : ",");
          writeJson(in, out, inner);
        }
        out.append(']');
      }
      case Tags.MAP -> {
        int inner = ValueReader.checkDepth(depth + 1);
        int count = in.readMapCount();
        out.append('{');
        for (int i = 0; i < count; i++) {
          out.append(i == 0 ? "" : ",");
          writeString(in.readStringBody(), out);
          out.append(':');
          writeJson(in, out, inner);
        }
        out.append('}');
      }
      default -> throw new ValueException("unknown tag " + tag);
    }
  }

  private static void writeDouble(double value, StringBuilder out) {
    if (Double.isFinite(value)) {
      out.append(value);
    } else {
      writeString(Double.toString(value), out);
    }
  }

  private static void writeString(String value, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  /** Recursive descent over one JSON text, to the untyped form ValueCodec encodes. */
  private static final class JsonParser {
    private final String text;
    private int position;

    JsonParser(String text) {
      this.text = text;
    }

    Object parseDocument() {
      Object value = parseValue(0);
      skipSpace();
      if (position != text.length()) {
        throw error("unexpected '" + text.charAt(position) + "' after the value");
      }
      return value;
    }

    private Object parseValue(int depth) {
      skipSpace();
      if (position >= text.length()) {
        throw error("value expected");
      }
      char c = text.charAt(position);
      if (c == '{') {
        return parseObject(ValueReader.checkDepth(depth + 1));
      } else if (c == '[') {
        return parseArray(ValueReader.checkDepth(depth + 1));
      } else if (c == '"') {
        return parseString();
      } else if (c == '-' || (c >= '0' && c <= '9')) {
        return parseNumber();
      } else if (text.startsWith("true", position)) {
        position += 4;
        return Boolean.TRUE;
      } else if (text.startsWith("false", position)) {
        position += 5;
        return Boolean.FALSE;
      } else if (text.startsWith("null", position)) {
        position += 4;
        return null;
      }
      throw error("unexpected '" + c + "'");
    }

    private Map<String, Object> parseObject(int depth) {
      position++;
      Map<String, Object> map = new LinkedHashMap<>();
      if (consume('}')) {
        return map;
      }
      do {
        skipSpace();
        if (position >= text.length() || text.charAt(position) != '"') {
          throw error("string key expected");
        }
        String key = parseString();
        expect(':');
        Object value = parseValue(depth);
        if (map.containsKey(key)) {
          throw error("duplicate key " + ValueException.quote(key));
        }
        map.put(key, value);
      } while (consume(','));
      expect('}');
      return map;
    }

    private List<Object> parseArray(int depth) {
      position++;
      List<Object> list = new ArrayList<>();
      if (consume(']')) {
        return list;
      }
      do {
        list.add(parseValue(depth));
      } while (consume(','));
      expect(']');
      return list;
    }

    private String parseString() {
      position++;
      StringBuilder out = new StringBuilder();
      while (position < text.length()) {
        char c = text.charAt(position++);
        if (c == '"') {
          return out.toString();
        } else if (c == '\\') {
          out.append(parseEscape());
        } else if (c < 0x20) {
          throw error("control character in string");
        } else {
          out.append(c);
        }
      }
      throw error("unterminated string");
    }

    private char parseEscape() {
      if (position >= text.length()) {
        throw error("unterminated escape");
      }
      char c = text.charAt(position++);
      switch (c) {
        case '"':
        case '\\':
        case '/':
          return c;
        case 'n':
          return '\n';
        case 'r':
          return '\r';
        case 't':
          return '\t';
        case 'b':
          return '\b';
        case 'f':
          return '\f';
        case 'u':
          if (position + 4 > text.length()) {
            throw error("short \\u escape");
          }
          try {
            char unit = (char) Integer.parseInt(text.substring(position, position + 4), 16);
            position += 4;
            return unit;
          } catch (NumberFormatException e) {
            throw error("bad \\u escape");
          }
        default:
          throw error("bad escape '\\" + c + "'");
      }
    }

    private Object parseNumber() {
      int start = position;
      boolean integral = true;
      consume('-');
      while (position < text.length()) {
        char c = text.charAt(position);
        if (c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-') {
          integral = false;
        } else if (c < '0' || c > '9') {
          break;
        }
        position++;
      }
      String number = text.substring(start, position);
      try {
        return integral ? (Object) Long.parseLong(number) : (Object) Double.parseDouble(number);
      } catch (NumberFormatException e) {
        throw error(
            "bad number "
                + ValueException.quote(number)
                + (integral ? " (out of long range?)" : ""));
      }
    }

    private void skipSpace() {
      while (position < text.length() && " \t\r\n".indexOf(text.charAt(position)) >= 0) {
        position++;
      }
    }

    private boolean consume(char c) {
      skipSpace();
      if (position < text.length() && text.charAt(position) == c) {
        position++;
        return true;
      }
      return false;
    }

    private void expect(char c) {
      if (!consume(c)) {
        throw error("'" + c + "' expected");
      }
    }

    private ValueException error(String problem) {
      return new ValueException("JSON at offset " + position + ": " + problem);
    }
  }
}
