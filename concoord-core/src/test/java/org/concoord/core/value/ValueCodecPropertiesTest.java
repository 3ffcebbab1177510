package org.concoord.core.value;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class ValueCodecPropertiesTest {
  @Property
  void everyLongRoundTrips(@ForAll long value) {
    assertEquals(value, ValueCodec.decode(ValueCodec.encode(value), long.class));
  }

  @Property
  void everyDoubleRoundTripsBitForBit(@ForAll double value) {
    double back = ValueCodec.decode(ValueCodec.encode(value), double.class);
    assertEquals(Double.doubleToLongBits(value), Double.doubleToLongBits(back));
  }

  @Property
  void everyStringRoundTrips(@ForAll("validStrings") String value) {
    assertEquals(value, ValueCodec.decode(ValueCodec.encode(value), String.class));
  }

  @Property
  void anIntDecodesExactlyWhenInRange(@ForAll long value) {
    byte[] bytes = ValueCodec.encode(value);
    if (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
      assertEquals((int) value, ValueCodec.decode(bytes, int.class));
    } else {
      org.junit.jupiter.api.Assertions.assertThrows(
          ValueException.class, () -> ValueCodec.decode(bytes, int.class));
    }
  }

  @Property
  void naturalValuesRoundTripThroughBytesAndJson(@ForAll("naturals") Object value) {
    byte[] bytes = ValueCodec.encode(value);
    assertEquals(value, ValueCodec.decode(bytes));
    assertArrayEquals(bytes, Values.fromJson(Values.toJson(bytes)));
  }

  @Property
  void truncatedOrCorruptedBytesNeverThrowAnythingButValueException(
      @ForAll("naturals") Object value, @ForAll byte noise, @ForAll int where) {
    byte[] bytes = ValueCodec.encode(value);
    byte[] corrupt = bytes.clone();
    corrupt[Math.floorMod(where, corrupt.length)] ^= (byte) (noise | 1);
    byte[] truncated = java.util.Arrays.copyOf(bytes, Math.floorMod(where, bytes.length));
    for (byte[] candidate : List.of(corrupt, truncated)) {
      try {
        ValueCodec.decode(candidate);
      } catch (ValueException expected) {
        // the only acceptable failure
      }
    }
  }

  @Provide
  Arbitrary<String> validStrings() {
    // Lone surrogates cannot be UTF-8; everything else must survive.
    return Arbitraries.strings()
        .all()
        .ofMaxLength(40)
        .filter(ValueCodecPropertiesTest::noSurrogates);
  }

  @Provide
  Arbitrary<Object> naturals() {
    Arbitrary<Object> leaves =
        Arbitraries.oneOf(
            Arbitraries.longs().map(Object.class::cast),
            Arbitraries.doubles()
                .filter(Double::isFinite)
                .map(Object.class::cast), // JSON has no NaN
            Arbitraries.strings()
                .ofMaxLength(8)
                .filter(ValueCodecPropertiesTest::noSurrogates)
                .map(Object.class::cast),
            Arbitraries.of(true, false).map(Object.class::cast));
    return Arbitraries.recursive(
        () -> leaves,
        inner ->
            Arbitraries.oneOf(
                inner.list().ofMaxSize(4).map(Object.class::cast),
                Arbitraries.maps(Arbitraries.strings().alpha().ofMaxLength(4), inner)
                    .ofMaxSize(3)
                    .map(m -> (Object) new java.util.LinkedHashMap<>(m))),
        0,
        3);
  }

  private static boolean noSurrogates(String s) {
    return s.chars().noneMatch(c -> Character.isSurrogate((char) c));
  }
}
