package org.concoord.core.host;

import static org.concoord.core.host.HostCalls.call;
import static org.concoord.core.host.HostCalls.exception;
import static org.concoord.core.host.HostCalls.ok;
import static org.concoord.core.host.HostCalls.rejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.concoord.core.command.Call;
import org.concoord.core.host.HostedObjects.Tally;
import org.concoord.core.value.ValueCodec;
import org.junit.jupiter.api.Test;

class ObjectHostTest {
  private final ObjectHost host = new ObjectHost(Tally.class);

  @Test
  void callsRunTheMethodAndReturnTheEncodedResult() {
    assertNull(ok(call(host, "increment")));
    assertNull(ok(call(host, "increment")));
    assertEquals(2L, ok(call(host, "get")));
    assertEquals(7L, ok(call(host, "add", 5)));
    assertEquals("Tally 7", ok(call(host, "toString")));
  }

  @Test
  void noArgumentBytesMeanNoArguments() {
    Execution e = host.execute(new CallContext(1, 1, 0), new Call("get", new byte[0]));
    assertEquals(0L, ok(e));
  }

  @Test
  void overloadsAreChosenByArity() {
    assertEquals(3L, ok(call(host, "add", 3)));
    assertEquals(9L, ok(call(host, "add", 2, 3)));
  }

  @Test
  void unknownMethodIsRejectedNamingIt() {
    assertEquals("unknown method 'frobnicate' of Tally", rejected(call(host, "frobnicate")));
  }

  @Test
  void objectsOwnMethodsAreNotCallable() {
    assertTrue(rejected(call(host, "hashCode")).startsWith("unknown method"));
    assertTrue(rejected(call(host, "getClass")).startsWith("unknown method"));
    assertTrue(rejected(call(host, "wait")).startsWith("unknown method"));
  }

  @Test
  void wrongArityIsRejectedNamingTheMethodAndItsParameters() {
    String message = rejected(call(host, "add", 1, 2, 3));
    assertTrue(message.contains("Tally.add(long"), message);
    assertTrue(message.contains("Tally.add(long") && message.contains("int"), message);
    assertTrue(message.endsWith("got 3"), message);
    assertTrue(rejected(call(host, "get", 1)).contains("Tally.get() takes 0"));
  }

  @Test
  void wrongArgumentTypeIsRejectedNamingTheMethodAndTheParameter() {
    String message = rejected(call(host, "add", "five"));
    assertTrue(
        message.matches("argument 1 (\\('delta'\\) )?of Tally.add: expected long, got string"),
        message);
    String overflow = rejected(call(host, "add", 1, 1L << 40));
    assertTrue(overflow.startsWith("argument 2") && overflow.contains("out of range"), overflow);
    assertEquals(0L, ok(call(host, "get")), "a rejected call never reaches the object");
  }

  @Test
  void argumentsThatAreNotAListAreRejected() {
    Execution e = host.execute(new CallContext(1, 1, 0), new Call("add", ValueCodec.encode(5L)));
    assertEquals("arguments of Tally.add: arguments must be a list, got long", rejected(e));
  }

  @Test
  void userExceptionIsAnOutcomeWithTypeAndMessageAndStateStaysAsLeft() {
    Execution e = call(host, "incrementThenFail", "no thanks");
    assertEquals(
        List.of("java.lang.IllegalArgumentException", "no thanks"), exception(e.response()));
    assertEquals(1L, ok(call(host, "get")), "the increment before the throw stays");
    assertEquals(2L, ok(call(host, "add", 1)), "the host keeps working");
  }

  @Test
  void anErrorInUserCodeIsAFailureNamingTheMethodAndClientNotAReply() {
    // A StackOverflowError need not happen alike on every replica (stack depth, JIT): replying
    // EXCEPTION could make replicas diverge, so the node must stop, saying what ran.
    UserCodeFailure failure = assertThrows(UserCodeFailure.class, () -> call(host, "recurse", 0));
    assertTrue(failure.getCause() instanceof StackOverflowError);
    assertTrue(failure.method().endsWith(".recurse"), failure.method());
    assertTrue(failure.getMessage().contains("of client"), failure.getMessage());
    assertTrue(failure.atSlot(7).getMessage().startsWith("slot 7: "));
    assertEquals(1L, ok(call(host, "add", 1))); // the host itself is left usable
  }

  @Test
  void exceptionMessagesAreCutAndAThrowingGetMessageIsSurvived() {
    String huge = (String) exception(call(host, "failHugely").response()).get(1);
    assertEquals(ObjectHost.MESSAGE_LENGTH_MAX + 3, huge.length());
    List<?> nasty = exception(call(host, "failNastily").response());
    assertEquals("(getMessage() threw java.lang.IllegalStateException)", nasty.get(1));
  }

  @Test
  void aHostileArgumentGetsAShortRejectionNotAnError() {
    String message = rejected(call(host, "paint", "Z".repeat(1_000_000)));
    assertTrue(message.length() < 200, message);
    assertTrue(message.endsWith("is not one of Shade [LIGHT, DARK]"), message);
    assertEquals("DARK", ok(call(host, "paint", "DARK")));
  }

  @Test
  void userCodeFailingDuringDecodingIsARejectionNotACrash() {
    ObjectHost sets = new ObjectHost(HostedObjects.SetTaker.class);
    String message = rejected(call(sets, "count", java.util.List.of(java.util.List.of(1))));
    assertTrue(message.startsWith("arguments of SetTaker.count: decoding threw"), message);
    assertTrue(message.contains("do not hash me"), message);
  }

  @Test
  void aDefaultMethodOfAPackagePrivateInterfaceIsCallableThroughThePublicClass() {
    ObjectHost sets = new ObjectHost(HostedObjects.SetTaker.class);
    assertEquals("hi", ok(call(sets, "greet")));
    assertEquals(0L, ok(call(sets, "count", java.util.List.of())));
  }

  @Test
  void aResultThatCannotBeEncodedIsAnExceptionOutcome() {
    List<?> error = exception(call(host, "leak").response());
    assertEquals("org.concoord.core.value.ValueException", error.get(0));
    assertTrue(((String) error.get(1)).startsWith("result of Tally.leak: "), error.toString());
  }

  @Test
  void aMethodWithAnUnsupportedParameterTypeIsRejectedWhenCalled() {
    String message = rejected(call(host, "takesThread", (Object) null));
    assertTrue(
        message.startsWith("Tally.takesThread cannot be called remotely: argument 1"), message);
  }

  @Test
  void callerIsInjectedWhereverItIsDeclaredAndNotCountedInArity() {
    Execution e =
        host.execute(
            new CallContext(42, 7, 1000), new Call("stamp", ValueCodec.encodeArgs(5, "t")));
    assertEquals("t:42#7@1005", ok(e));
    assertTrue(rejected(call(host, "stamp", 5)).contains("takes 2"));
  }

  @Test
  void initReplacesTheObjectWithAFreshOne() {
    call(host, "add", 10);
    Object before = host.instance();
    assertNull(ok(call(host, ObjectHost.INIT_METHOD)));
    assertNotSame(before, host.instance());
    assertEquals(0L, ok(call(host, "get")));
    assertTrue(rejected(call(host, ObjectHost.INIT_METHOD, 1)).contains("takes no arguments"));
  }

  @Test
  void aPublicMethodInheritedFromAPackagePrivateClassIsCallable() {
    assertEquals("hello", ok(call(new ObjectHost(PublicChild.class), "hello")));
  }

  @Test
  void classesTheHostCannotRunAreRefusedAtConstructionWithTheReason() {
    assertRefused(HostedObjects.TwoAdds.class, "tells overloads apart by their number");
    assertRefused(HostedObjects.Hidden.class, "must be a public concrete class");
    assertRefused(HostedObjects.NoDefaultConstructor.class, "public no-argument constructor");
    assertRefused(HostedObjects.ExplodingConstructor.class, "threw java.lang.IllegalState");
    assertRefused(HostedObjects.Reserved.class, "reserves");
    assertRefused(Runnable.class, "must be a public concrete class");
  }

  private static void assertRefused(Class<?> type, String reason) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new ObjectHost(type));
    assertTrue(e.getMessage().contains(reason), e.getMessage());
  }
}
