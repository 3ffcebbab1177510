package org.concoord.core.value;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Narrowing, bounds, malformed input: refused, never truncated, never over-allocated. */
class ValueBoundsTest {
  private static ValueException decodeFails(Object value, Class<?> type) {
    return assertThrows(
        ValueException.class, () -> ValueCodec.decode(ValueCodec.encode(value), type));
  }

  @Test
  void narrowingOverflowIsAnErrorNotATruncation() {
    assertEquals(
        "expected int, got 1099511627776 (out of range)",
        decodeFails(1L << 40, int.class).getMessage());
    decodeFails(Integer.MAX_VALUE + 1L, Integer.class);
    decodeFails(32768L, short.class);
    decodeFails(-129L, byte.class);
    decodeFails(65536L, char.class);
    decodeFails(-1L, char.class);
    decodeFails(1e39, float.class);
  }

  @Test
  void wholeNumbersWidenToFloatingOnlyWhenExact() {
    assertEquals(5.0, ValueCodec.decode(ValueCodec.encode(5L), double.class));
    assertEquals(3.0f, ValueCodec.decode(ValueCodec.encode(3L), float.class));
    decodeFails((1L << 53) + 1, double.class);
    decodeFails((1L << 24) + 1, float.class);
  }

  @Test
  void fractionsNeverBecomeIntegers() {
    assertEquals("expected long, got double", decodeFails(5.0, long.class).getMessage());
  }

  @Test
  void nestingDeeperThanTheBoundIsRefusedBothWays() {
    Object deep = List.of();
    for (int i = 0; i < ValueCodec.DEPTH_MAX; i++) {
      deep = List.of(deep);
    }
    Object tooDeep = deep;
    assertThrows(ValueException.class, () -> ValueCodec.encode(tooDeep));
    byte[] nested = new byte[2 * (ValueCodec.DEPTH_MAX + 1)];
    for (int i = 0; i < nested.length; i += 2) {
      nested[i] = Tags.LIST;
      nested[i + 1] = (byte) (i + 2 < nested.length ? 1 : 0);
    }
    ValueException e = assertThrows(ValueException.class, () -> ValueCodec.decode(nested));
    assertTrue(
        e.getMessage().endsWith("nesting deeper than " + ValueCodec.DEPTH_MAX), e.getMessage());
  }

  @Test
  void aHugeCountInAShortMessageIsRefusedBeforeAllocating() {
    // LIST with count 1_000_000 (varint c0 84 3d) and no elements.
    byte[] liar = {Tags.LIST, (byte) 0xC0, (byte) 0x84, 0x3D};
    ValueException e = assertThrows(ValueException.class, () -> ValueCodec.decode(liar));
    assertTrue(e.getMessage().startsWith("truncated: list of 1000000 elements"), e.getMessage());
    byte[] tooMany = {Tags.LIST, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0x7F};
    e = assertThrows(ValueException.class, () -> ValueCodec.decode(tooMany));
    assertTrue(
        e.getMessage().contains("exceeds " + ValueCodec.COLLECTION_SIZE_MAX), e.getMessage());
  }

  /**
   * Review case 10: each collection within its bound, but one value of half a million empty lists
   * (two bytes each, 1 MB) decoded into as many ArrayLists, tens of MiB in every replica executing
   * it; the elements of one value are bounded together, the same on encode and decode.
   */
  @Test
  void oneValueOfManySmallCollectionsIsBoundedAsAWhole() {
    int lists = ValueCodec.ELEMENTS_MAX / (ValueCodec.COLLECTION_COST + 1) + 1;
    byte[] bomb = new byte[1 + 4 + 2 * lists];
    bomb[0] = Tags.LIST;
    int at = 1;
    for (long left = lists; ; left >>>= 7) { // the count as a varint
      bomb[at++] = (byte) (left < 0x80 ? left : (left & 0x7F) | 0x80);
      if (left < 0x80) {
        break;
      }
    }
    for (int i = 0; i < lists; i++) {
      bomb[at++] = Tags.LIST; // each element an empty list: count 0
      bomb[at++] = 0;
    }
    byte[] exact = java.util.Arrays.copyOf(bomb, at);
    ValueException e = assertThrows(ValueException.class, () -> ValueCodec.decode(exact));
    assertTrue(
        e.getMessage().contains("more than " + ValueCodec.ELEMENTS_MAX + " elements"),
        e.getMessage());
    List<Object> value = new ArrayList<>(Collections.nCopies(lists, List.of()));
    assertThrows(ValueException.class, () -> ValueCodec.encode(value), "refused on encode too");

    List<Object> fits = new ArrayList<>(Collections.nCopies(lists - 2, List.of()));
    assertEquals(lists - 2, ((List<?>) ValueCodec.decode(ValueCodec.encode(fits))).size());
    List<Object> largest = new ArrayList<>(Collections.nCopies(ValueCodec.COLLECTION_SIZE_MAX, 7L));
    assertEquals(
        ValueCodec.COLLECTION_SIZE_MAX,
        ((List<?>) ValueCodec.decode(ValueCodec.encode(List.of(largest)))).get(0)
                instanceof List<?> l
            ? l.size()
            : -1,
        "one largest collection still fits");
  }

  @Test
  void aStringLongerThanTheBoundIsRefused() {
    String big = "x".repeat(ValueCodec.STRING_BYTES_MAX + 1);
    assertThrows(ValueException.class, () -> ValueCodec.encode(big));
    byte[] header = {Tags.STRING, (byte) 0x81, (byte) 0x80, (byte) 0x40}; // 2^20 + 1
    ValueException e = assertThrows(ValueException.class, () -> ValueCodec.decode(header));
    assertTrue(e.getMessage().contains("exceeds " + ValueCodec.STRING_BYTES_MAX), e.getMessage());
  }

  @Test
  void aCollectionLargerThanTheBoundIsRefusedOnEncode() {
    List<Object> big = new ArrayList<>(Collections.nCopies(ValueCodec.COLLECTION_SIZE_MAX + 1, 0));
    assertThrows(ValueException.class, () -> ValueCodec.encode(big));
  }

  @Test
  void malformedInputIsAValueError() {
    assertEquals(null, ValueCodec.decode(new byte[0])); // a void result: no bytes at all
    assertThrows(ValueException.class, () -> ValueCodec.decode(new byte[] {42}));
    assertThrows(ValueException.class, () -> ValueCodec.decode(new byte[] {Tags.LONG}));
    assertThrows(ValueException.class, () -> ValueCodec.decode(new byte[] {Tags.DOUBLE, 1, 2}));
    assertThrows(
        ValueException.class,
        () -> ValueCodec.decode(new byte[] {Tags.STRING, 2, (byte) 0xC3, 0x28}));
    assertThrows(ValueException.class, () -> ValueCodec.decode(new byte[] {Tags.NULL, 0}));
    byte[] elevenByteVarint = {Tags.LONG, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 1};
    assertThrows(ValueException.class, () -> ValueCodec.decode(elevenByteVarint));
    byte[] duplicateKey = {Tags.MAP, 2, 1, 'k', Tags.NULL, 1, 'k', Tags.TRUE};
    ValueException e = assertThrows(ValueException.class, () -> ValueCodec.decode(duplicateKey));
    assertEquals("key 'k': duplicate key", e.getMessage());
  }
}
