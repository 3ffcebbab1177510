package org.concoord.core.value;

import static org.concoord.core.value.Shapes.typeOf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.concoord.core.value.Shapes.Account;
import org.concoord.core.value.Shapes.Color;
import org.concoord.core.value.Shapes.Node;
import org.concoord.core.value.Shapes.Pair;
import org.concoord.core.value.Shapes.Point;
import org.concoord.core.value.Shapes.Positive;
import org.concoord.core.value.Shapes.Tagged;
import org.junit.jupiter.api.Test;

class ValueCodecTest {
  private static Object roundTrip(Object value, Type type) {
    return ValueCodec.decode(ValueCodec.encode(value), type);
  }

  @Test
  void primitivesAndBoxesRoundTripByDeclaredType() {
    assertEquals(7, roundTrip(7, int.class));
    assertEquals(Integer.MIN_VALUE, roundTrip(Integer.MIN_VALUE, Integer.class));
    assertEquals(Long.MAX_VALUE, roundTrip(Long.MAX_VALUE, long.class));
    assertEquals(Long.MIN_VALUE, roundTrip(Long.MIN_VALUE, Long.class));
    assertEquals((short) -3, roundTrip((short) -3, short.class));
    assertEquals((byte) 127, roundTrip((byte) 127, byte.class));
    assertEquals('x', roundTrip('x', char.class));
    assertEquals('\uffff', roundTrip('\uffff', Character.class));
    assertEquals(true, roundTrip(true, boolean.class));
    assertEquals(false, roundTrip(false, Boolean.class));
    assertEquals(2.5, roundTrip(2.5, double.class));
    assertEquals(-0.0, roundTrip(-0.0, Double.class));
    assertEquals(Double.NaN, roundTrip(Double.NaN, double.class));
    assertEquals(1.5f, roundTrip(1.5f, float.class));
    assertEquals(Float.NEGATIVE_INFINITY, roundTrip(Float.NEGATIVE_INFINITY, Float.class));
  }

  @Test
  void boxesAcceptNullAndPrimitivesRejectIt() {
    assertNull(roundTrip(null, Long.class));
    assertNull(roundTrip(null, Boolean.class));
    ValueException e = assertThrows(ValueException.class, () -> roundTrip(null, long.class));
    assertEquals("expected long, got null", e.getMessage());
  }

  @Test
  void stringsBytesAndEnumsRoundTrip() {
    assertEquals("", roundTrip("", String.class));
    assertEquals("héllo ✓ 𝄞", roundTrip("héllo ✓ 𝄞", String.class));
    assertNull(roundTrip(null, String.class));
    assertArrayEquals(
        new byte[] {0, -1, 42}, (byte[]) roundTrip(new byte[] {0, -1, 42}, byte[].class));
    assertEquals(Color.GREEN, roundTrip(Color.GREEN, Color.class));
  }

  @Test
  void enumsDecodeOnlyTheirOwnConstantNames() {
    ValueException e =
        assertThrows(
            ValueException.class, () -> ValueCodec.decode(ValueCodec.encode("BLUE"), Color.class));
    assertEquals("'BLUE' is not one of Color [RED, GREEN]", e.getMessage());
  }

  @Test
  void collectionsRoundTripWithTheirElementTypes() {
    assertEquals(List.of(1, 2, 3), roundTrip(List.of(1L, 2L, 3L), typeOf("listOfInt")));
    Object set = roundTrip(new LinkedHashSet<>(List.of("b", "a")), typeOf("setOfString"));
    assertInstanceOf(LinkedHashSet.class, set);
    assertEquals(List.of("b", "a"), new ArrayList<>((Set<?>) set));
    Map<String, List<Long>> map = new LinkedHashMap<>();
    map.put("z", List.of(1L));
    map.put("a", List.of());
    Object decoded = roundTrip(map, typeOf("mapOfLists"));
    assertEquals(map, decoded);
    assertEquals(List.of("z", "a"), new ArrayList<>(((Map<?, ?>) decoded).keySet()));
  }

  @Test
  void arraysRoundTripIncludingPrimitiveAndGenericOnes() {
    assertArrayEquals(new int[] {1, -2}, (int[]) roundTrip(new int[] {1, -2}, int[].class));
    assertArrayEquals(
        new String[] {"a", null}, (String[]) roundTrip(new String[] {"a", null}, String[].class));
    assertArrayEquals(
        new double[][] {{1.0}, {}},
        (double[][]) roundTrip(new double[][] {{1.0}, {}}, double[][].class));
    Object lists = roundTrip(List.of(List.of(new Point(1, 2))), typeOf("arrayOfLists"));
    assertEquals(List.of(new Point(1, 2)), ((List<?>[]) lists)[0]);
  }

  @Test
  void optionalTravelsAsItsValueOrNull() {
    assertEquals(Optional.of("x"), roundTrip(Optional.of("x"), typeOf("optionalString")));
    assertEquals(Optional.empty(), roundTrip(Optional.empty(), typeOf("optionalString")));
    // Empty has its own tag, so that a command line can tell it from null.
    assertArrayEquals(new byte[] {Tags.EMPTY}, ValueCodec.encode(Optional.empty()));
    assertEquals(
        Optional.empty(), ValueCodec.decode(ValueCodec.encode(null), typeOf("optionalString")));
  }

  @Test
  void recordsRoundTripInComponentOrderWithTheirComponentTypes() {
    Tagged tagged = new Tagged("t", List.of(1L, 2L), Map.of("w", 0.5), Optional.of(Color.RED));
    assertEquals(tagged, roundTrip(tagged, Tagged.class));
    // By component name, in component order: a person reads it as a JSON object.
    assertEquals(
        List.of("x", "y"),
        List.copyOf(((Map<?, ?>) ValueCodec.decode(ValueCodec.encode(new Point(3, 4)))).keySet()));
    byte[] byPosition = ValueCodec.encode(List.of(3L, 4L));
    assertEquals(new Point(3, 4), ValueCodec.decode(byPosition, Point.class));
  }

  @Test
  void genericRecordsResolveTheirTypeArguments() {
    assertEquals(
        new Pair<>(5L, "five"), roundTrip(new Pair<>(5L, "five"), typeOf("pairOfLongString")));
    ValueException e =
        assertThrows(
            ValueException.class,
            () -> roundTrip(new Pair<>("five", 5L), typeOf("pairOfLongString")));
    assertEquals("component 'first': expected long, got string", e.getMessage());
  }

  @Test
  void recursiveRecordsDecode() {
    Node tree = new Node(1, List.of(new Node(2, List.of()), new Node(3, List.of())));
    assertEquals(tree, roundTrip(tree, Node.class));
  }

  @Test
  void recordsAlsoDecodeFromAMapByComponentName() {
    byte[] byName = ValueCodec.encode(Map.of("y", 2L, "x", 1L));
    assertEquals(new Point(1, 2), ValueCodec.decode(byName, Point.class));
    ValueException e =
        assertThrows(
            ValueException.class,
            () -> ValueCodec.decode(ValueCodec.encode(Map.of("x", 1L)), Point.class));
    assertEquals("record Point: component 'y' missing", e.getMessage());
  }

  @Test
  void recordConstructorRefusalIsAValueError() {
    ValueException e =
        assertThrows(
            ValueException.class,
            () -> ValueCodec.decode(ValueCodec.encode(List.of(-1L)), Positive.class));
    assertTrue(e.getMessage().contains("value must be positive: -1"), e.getMessage());
  }

  @Test
  void plainClassesRoundTripFieldByFieldSortedByName() {
    Account account = new Account();
    account.owner = "ann";
    account.balance = 10;
    account.tags = List.of("vip");
    assertEquals(account, roundTrip(account, Account.class));
    Object natural = ValueCodec.decode(ValueCodec.encode(account));
    assertEquals(
        List.of("balance", "owner", "tags"), new ArrayList<>(((Map<?, ?>) natural).keySet()));
  }

  @Test
  void plainClassesRejectUnknownFields() {
    ValueException e =
        assertThrows(
            ValueException.class,
            () -> ValueCodec.decode(ValueCodec.encode(Map.of("password", "x")), Account.class));
    assertEquals("Account has no public field 'password'", e.getMessage());
  }

  @Test
  void untypedDecodingGivesTheNaturalForm() {
    Object value =
        ValueCodec.decode(
            ValueCodec.encode(
                Arrays.asList(1, 2.0f, "s", null, true, 'c', Color.RED, new byte[] {1})));
    List<?> list = (List<?>) value;
    assertEquals(Arrays.asList(1L, 2.0, "s", null, true, "c", "RED"), list.subList(0, 7));
    assertArrayEquals(new byte[] {1}, (byte[]) list.get(7));
    assertEquals(List.of(1L), roundTrip(List.of(1), typeOf("wildcard")));
  }

  @Test
  void jdkValueTypesTravelExactlyAsText() {
    java.math.BigDecimal dime = new java.math.BigDecimal("0.10");
    Object back = roundTrip(dime, java.math.BigDecimal.class);
    assertEquals(dime, back);
    assertEquals(2, ((java.math.BigDecimal) back).scale());
    assertEquals("\"0.10\"", Values.toJson(ValueCodec.encode(dime)));
    for (Object value :
        List.of(
            new java.math.BigInteger("123456789012345678901234567890"),
            java.time.Instant.parse("2026-12-06T21:30:00.123456789Z"),
            java.time.Duration.ofSeconds(90, 5),
            java.time.LocalDate.of(2026, 12, 6),
            java.util.UUID.fromString("123e4567-e89b-12d3-a456-426614174000"))) {
      assertEquals(value, roundTrip(value, value.getClass()));
    }
    ValueException inexact =
        assertThrows(
            ValueException.class,
            () -> ValueCodec.decode(ValueCodec.encode(0.1), java.math.BigDecimal.class));
    assertTrue(inexact.getMessage().contains("as a string"), inexact.getMessage());
  }

  @Test
  void mapsWithNonStringKeysKeepTheirKeyTypesAndConcreteClasses() {
    java.util.TreeMap<Integer, java.math.BigDecimal> prices = new java.util.TreeMap<>();
    prices.put(10, new java.math.BigDecimal("1.1000"));
    prices.put(2, new java.math.BigDecimal("0.20"));
    Object back = roundTrip(prices, typeOf("prices"));
    assertInstanceOf(java.util.TreeMap.class, back);
    assertEquals(prices, back);
    assertEquals("{\"2\":\"0.20\",\"10\":\"1.1000\"}", Values.toJson(ValueCodec.encode(prices)));
    java.util.EnumMap<Color, java.time.Instant> stamps = new java.util.EnumMap<>(Color.class);
    stamps.put(Color.RED, java.time.Instant.EPOCH);
    assertEquals(stamps, roundTrip(stamps, typeOf("stamps")));
    assertEquals(Map.of(5, "five"), roundTrip(Map.of(5, "five"), typeOf("intKeys")));
  }

  @Test
  void unsupportedDeclaredTypesAreRefusedWhenTheCodecIsBuilt() {
    ValueException keys =
        assertThrows(ValueException.class, () -> TypedCodec.of(typeOf("pointKeys")));
    assertTrue(keys.getMessage().contains("map keys must be strings"), keys.getMessage());
    ValueException thread = assertThrows(ValueException.class, () -> TypedCodec.of(Thread.class));
    assertTrue(thread.getMessage().contains("JDK classes are not values"), thread.getMessage());
    assertThrows(ValueException.class, () -> TypedCodec.of(java.util.WeakHashMap.class));
  }

  @Test
  void unencodableValuesAreRefused() {
    ValueException e =
        assertThrows(ValueException.class, () -> ValueCodec.encode(List.of(new Object())));
    assertTrue(
        e.getMessage().startsWith("element [0]: cannot encode a java.lang.Object"), e.getMessage());
    ValueException keys =
        assertThrows(ValueException.class, () -> ValueCodec.encode(Map.of(new Point(1, 2), "one")));
    assertTrue(keys.getMessage().contains("keys must be strings"), keys.getMessage());
  }

  @Test
  void typedEncodeChecksTheValueAgainstTheDeclaredType() {
    assertArrayEquals(new byte[0], TypedCodec.of(void.class).encode("ignored"));
    assertArrayEquals(ValueCodec.encode(5L), TypedCodec.of(long.class).encode(5L));
    assertThrows(ValueException.class, () -> TypedCodec.of(long.class).encode("5"));
    assertThrows(ValueException.class, () -> TypedCodec.of(int.class).encode(null));
  }

  public static long deposit(String account, long amount, List<Point> points) {
    return 0;
  }

  @Test
  void argsRoundTripByTheMethodsParameterTypes() throws Exception {
    Method deposit = getClass().getMethod("deposit", String.class, long.class, List.class);
    byte[] args = ValueCodec.encodeArgs("acct", 5, List.of(new Point(1, 2)));
    Object[] decoded = ValueCodec.decodeArgs(args, deposit);
    assertEquals(List.of("acct", 5L, List.of(new Point(1, 2))), Arrays.asList(decoded));
    assertEquals(3, ValueCodec.listSize(args));
  }

  @Test
  void argErrorsNameTheArgumentAndTheMethod() throws Exception {
    Method deposit = getClass().getMethod("deposit", String.class, long.class, List.class);
    ValueException type =
        assertThrows(
            ValueException.class,
            () -> ValueCodec.decodeArgs(ValueCodec.encodeArgs("a", "5", List.of()), deposit));
    assertTrue(
        type.getMessage()
            .matches(
                "argument 2 (\\('amount'\\) )?of ValueCodecTest.deposit: expected long, got string"),
        type.getMessage());
    ValueException nested =
        assertThrows(
            ValueException.class,
            () ->
                ValueCodec.decodeArgs(
                    ValueCodec.encodeArgs("a", 1, List.of(List.of(1, "y"))), deposit));
    assertTrue(
        nested.getMessage().endsWith("element [0]: component 'y': expected int, got string"),
        nested.getMessage());
    ValueException arity =
        assertThrows(
            ValueException.class, () -> ValueCodec.decodeArgs(ValueCodec.encodeArgs("a"), deposit));
    assertTrue(arity.getMessage().endsWith("takes 3 arguments, got 1"), arity.getMessage());
  }
}
