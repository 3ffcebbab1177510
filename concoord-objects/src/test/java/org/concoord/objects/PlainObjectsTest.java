package org.concoord.objects;

import static org.concoord.objects.Calls.call;
import static org.concoord.objects.Calls.ok;
import static org.concoord.objects.Calls.thrown;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.concoord.core.host.ObjectHost;
import org.junit.jupiter.api.Test;

/** The objects that never park: Stack, Log, Bank, BinaryTree, Membership. */
class PlainObjectsTest {
  @Test
  void stackPopsLastInFirstOutAndThrowsWhenEmpty() {
    ObjectHost host = new ObjectHost(Stack.class);
    call(host, 1, 1, "push", "a");
    assertEquals(2L, ok(call(host, 1, 2, "push", "b")));
    assertEquals("b", ok(call(host, 1, 3, "peek")));
    assertEquals(List.of("a", "b"), ok(call(host, 1, 4, "items")));
    assertEquals("b", ok(call(host, 1, 5, "pop")));
    assertEquals("a", ok(call(host, 1, 6, "pop")));
    assertEquals("java.util.NoSuchElementException", thrown(call(host, 1, 7, "pop")));
  }

  @Test
  void logAppendsAndReadsClippedRanges() {
    ObjectHost host = new ObjectHost(Log.class);
    assertEquals(0L, ok(call(host, 1, 1, "append", "a")));
    assertEquals(1L, ok(call(host, 1, 2, "append", "b")));
    call(host, 1, 3, "append", "c");
    assertEquals(List.of("b", "c"), ok(call(host, 1, 4, "read", 1, 10)));
    assertEquals(List.of(), ok(call(host, 1, 5, "read", 7, 9)));
    assertEquals("a", ok(call(host, 1, 6, "get", 0)));
    assertEquals("java.lang.IllegalArgumentException", thrown(call(host, 1, 7, "read", 2, 1)));
  }

  @Test
  void bankMovesMoneyAndRefusesOverdraftsAllOrNothing() {
    ObjectHost host = new ObjectHost(Bank.class);
    assertEquals(true, ok(call(host, 1, 1, "open", "ann")));
    assertEquals(false, ok(call(host, 1, 2, "open", "ann")));
    call(host, 1, 3, "open", "bob");
    assertEquals(100L, ok(call(host, 1, 4, "deposit", "ann", 100)));
    assertEquals(60L, ok(call(host, 1, 5, "withdraw", "ann", 40)));
    ok(call(host, 1, 6, "transfer", "ann", "bob", 50));
    assertEquals(10L, ok(call(host, 1, 7, "balance", "ann")));
    assertEquals(50L, ok(call(host, 1, 8, "balance", "bob")));
    assertEquals(
        Bank.InsufficientFundsException.class.getName(),
        thrown(call(host, 1, 9, "transfer", "ann", "bob", 11)));
    assertEquals(10L, ok(call(host, 1, 10, "balance", "ann")), "a refused transfer moved nothing");
    assertEquals(
        "java.util.NoSuchElementException", thrown(call(host, 1, 11, "transfer", "ann", "zed", 1)));
    assertEquals(10L, ok(call(host, 1, 12, "balance", "ann")));
    assertEquals(
        "java.lang.IllegalArgumentException", thrown(call(host, 1, 13, "deposit", "ann", -5)));
    assertEquals(50L, ok(call(host, 1, 14, "close", "bob")));
    assertEquals(List.of("ann"), ok(call(host, 1, 15, "accounts")));
  }

  @Test
  void binaryTreeKeepsKeysSortedWithoutDuplicates() {
    ObjectHost host = new ObjectHost(BinaryTree.class);
    for (long key : new long[] {5, 3, 8, 1, 4, 9}) {
      assertEquals(true, ok(call(host, 1, key, "insert", key)));
    }
    assertEquals(false, ok(call(host, 1, 20, "insert", 4)));
    assertEquals(true, ok(call(host, 1, 21, "contains", 8)));
    assertEquals(false, ok(call(host, 1, 22, "contains", 7)));
    assertEquals(List.of(1L, 3L, 4L, 5L, 8L, 9L), ok(call(host, 1, 23, "inorder")));
    assertEquals(1L, ok(call(host, 1, 24, "min")));
    assertEquals(9L, ok(call(host, 1, 25, "max")));
    assertEquals(6L, ok(call(host, 1, 26, "size")));
  }

  @Test
  void binaryTreeSurvivesADegenerateShape() {
    BinaryTree tree = new BinaryTree();
    for (long key = 0; key < 20_000; key++) {
      tree.insert(key);
    }
    assertEquals(20_000, tree.inorder().size());
  }

  @Test
  void membershipCountsEpochsAndRefusesUnknownRemovals() {
    ObjectHost host = new ObjectHost(Membership.class);
    assertEquals(true, ok(call(host, 1, 1, "add", "b")));
    assertEquals(true, ok(call(host, 1, 2, "add", "a")));
    assertEquals(false, ok(call(host, 1, 3, "add", "a")));
    assertEquals(List.of("a", "b"), ok(call(host, 1, 4, "members")));
    assertEquals(2L, ok(call(host, 1, 5, "epoch")));
    assertNull(ok(call(host, 1, 6, "remove", "a")));
    assertEquals("java.util.NoSuchElementException", thrown(call(host, 1, 7, "remove", "a")));
    assertEquals(3L, ok(call(host, 1, 8, "epoch")));
  }
}
