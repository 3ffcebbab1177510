package org.concoord.core.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One object's state carried into another class: by field name and type, or by migration. */
class StateMigrationTest {
  public static class V1 {
    private long value;
    private java.util.List<String> names = new java.util.ArrayList<>();

    public void add(long delta) {
      value += delta;
      names.add("n" + value);
    }
  }

  public static class V2 {
    private long value;
    private java.util.List<String> names = new java.util.ArrayList<>();
    private String label = "fresh";

    public String label() {
      return label + " " + value + " " + names;
    }
  }

  public static class Retyped {
    private String value;
    private java.util.List<String> names;
  }

  public static class Renamed {
    private long total;
    private int count;

    public long total() {
      return total * 100 + count;
    }

    private void __concoordmigrate__(Map<String, Object> old) {
      total = (Long) old.get("value");
      count = ((List<?>) old.get("names")).size();
    }
  }

  public static class Throwing {
    private long value;

    private void __concoordmigrate__(Map<String, Object> old) {
      throw new IllegalStateException("no, thanks");
    }
  }

  private static byte[] stateOfV1WithValue5() {
    ObjectHost host = new ObjectHost(V1.class);
    V1 object = (V1) host.instance();
    object.add(2);
    object.add(3);
    return host.snapshot();
  }

  @Test
  void fieldsOfTheSameNameAndTypeCarryOverAndANewFieldStartsAsTheConstructorSetsIt() {
    StateMigration.Result result =
        StateMigration.migrate(V1.class, stateOfV1WithValue5(), HostedClass.of(V2.class), false);
    assertFalse(result.refused(), () -> String.valueOf(result.problems()));
    assertEquals("fresh 5 [n2, n5]", ((V2) result.host().instance()).label());
    assertEquals(
        List.of(
            "new: label (java.lang.String), as the constructor sets it",
            "carried: names (java.util.List<java.lang.String>)",
            "carried: value (long)"),
        result.changes().stream().map(Object::toString).toList());
  }

  @Test
  void aFieldOfAnotherTypeOrAFieldDroppedIsRefusedByNameAndType() {
    StateMigration.Result retyped =
        StateMigration.migrate(
            V1.class, stateOfV1WithValue5(), HostedClass.of(Retyped.class), false);
    assertTrue(retyped.refused());
    assertNull(retyped.host());
    assertEquals(
        List.of("changed type: value (long -> java.lang.String) cannot carry over"),
        retyped.problems());
    byte[] v2 =
        StateMigration.migrate(V1.class, stateOfV1WithValue5(), HostedClass.of(V2.class), false)
            .host()
            .snapshot();
    StateMigration.Result dropped =
        StateMigration.migrate(V2.class, v2, HostedClass.of(V1.class), false);
    assertEquals(
        List.of("dropped: label (java.lang.String) cannot carry over"), dropped.problems());
    StateMigration.Result rollback =
        StateMigration.migrate(V2.class, v2, HostedClass.of(V1.class), true);
    assertFalse(rollback.refused(), "a rollback drops the fields the newer code added");
    assertEquals(5L, ((V1) rollback.host().instance()).value);
  }

  @Test
  void theMigrationMethodReceivesEveryOldFieldAndIsNotCallable() {
    StateMigration.Result result =
        StateMigration.migrate(
            V1.class, stateOfV1WithValue5(), HostedClass.of(Renamed.class), false);
    assertFalse(result.refused(), () -> String.valueOf(result.problems()));
    assertEquals(502L, ((Renamed) result.host().instance()).total());
    assertFalse(HostedClass.of(Renamed.class).hasMethod(StateMigration.MIGRATE_METHOD, 1));
  }

  @Test
  void aMigrationMethodThatThrowsRefusesTheUpgrade() {
    StateMigration.Result result =
        StateMigration.migrate(
            V1.class, stateOfV1WithValue5(), HostedClass.of(Throwing.class), false);
    assertTrue(result.refused());
    assertTrue(result.problems().get(0).contains("no, thanks"), result.problems().toString());
  }
}
