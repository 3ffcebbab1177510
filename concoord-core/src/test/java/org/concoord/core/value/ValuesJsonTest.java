package org.concoord.core.value;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValuesJsonTest {
  @Test
  void jsonRoundTripsThroughTheEncoding() {
    String json =
        "{\"name\":\"a \\\"q\\\" \\n\\u0001\",\"n\":-12,\"x\":2.5,\"ok\":true,"
            + "\"none\":null,\"list\":[1,[],{}]}";
    assertEquals(json, Values.toJson(Values.fromJson(json)));
  }

  @Test
  void jsonNumbersAreLongUnlessTheyHaveAFractionOrExponent() {
    assertEquals(5L, ValueCodec.decode(Values.fromJson("5")));
    assertEquals(5.0, ValueCodec.decode(Values.fromJson("5.0")));
    assertEquals(500.0, ValueCodec.decode(Values.fromJson("5e2")));
    assertEquals(Long.MIN_VALUE, ValueCodec.decode(Values.fromJson("-9223372036854775808")));
    assertThrows(ValueException.class, () -> Values.fromJson("9223372036854775808"));
  }

  @Test
  void jsonWhitespaceAndUnicodeEscapesAreAccepted() {
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("k", Arrays.asList("é", null));
    assertEquals(
        expected, ValueCodec.decode(Values.fromJson(" { \"k\" : [ \"\\u00e9\" , null ] } ")));
  }

  @Test
  void bytesPrintAsBase64AndDecodeBackForABytesParameter() {
    String json = Values.toJson(ValueCodec.encode(new byte[] {1, 2, 3}));
    assertEquals("\"AQID\"", json);
    assertArrayEquals(new byte[] {1, 2, 3}, ValueCodec.decode(Values.fromJson(json), byte[].class));
  }

  @Test
  void nonFiniteDoublesPrintAsStrings() {
    assertEquals(
        "[\"NaN\",\"-Infinity\",1.0E10]",
        Values.toJson(ValueCodec.encode(List.of(Double.NaN, Double.NEGATIVE_INFINITY, 1e10))));
  }

  @Test
  void commandLineArgumentsBecomeAnArgumentList() {
    byte[] args = Values.argsFromJson(List.of("5", "\"x\"", "[1,2]"));
    assertEquals(List.of(5L, "x", List.of(1L, 2L)), ValueCodec.decode(args));
    ValueException e =
        assertThrows(ValueException.class, () -> Values.argsFromJson(List.of("5", "[1,")));
    assertTrue(e.getMessage().startsWith("argument 2: JSON at offset"), e.getMessage());
  }

  @Test
  void bareWordsAreStringsSoThatAShellUserNeedNotQuoteThem() {
    byte[] args = Values.argsFromJson(List.of("a", "x y", "true", "null", "5", "truer"));
    assertEquals(
        java.util.Arrays.asList("a", "x y", true, null, 5L, "truer"), ValueCodec.decode(args));
  }

  @Test
  void resultsPrintNothingForVoidEmptyForAnEmptyOptionalAndJsonOtherwise() {
    assertEquals(null, Values.resultText(new byte[0]));
    assertEquals("empty", Values.resultText(ValueCodec.encode(java.util.Optional.empty())));
    assertEquals("null", Values.resultText(ValueCodec.encode(null)));
    assertEquals("{\"x\":3,\"y\":4}", Values.resultText(ValueCodec.encode(new Point(3, 4))));
  }

  public record Point(long x, long y) {}

  @Test
  void malformedJsonIsRefusedWithItsOffset() {
    for (String bad :
        List.of(
            "",
            "[1,",
            "{\"a\" 1}",
            "[1] 2",
            "\"open",
            "{\"a\":1,\"a\":2}",
            "tru",
            "{1:2}",
            "\"\\x\"",
            "-")) {
      ValueException e = assertThrows(ValueException.class, () -> Values.fromJson(bad), bad);
      assertTrue(e.getMessage().startsWith("JSON at offset"), bad + " -> " + e.getMessage());
    }
  }

  @Test
  void deeplyNestedJsonIsRefusedNotAStackOverflow() {
    String deep = "[".repeat(100_000);
    ValueException e = assertThrows(ValueException.class, () -> Values.fromJson(deep));
    assertTrue(e.getMessage().contains("nesting deeper than"), e.getMessage());
  }
}
