package org.concoord.core.host;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Carries one object's state from its class in the old code to its class in the new code (a code
 * upgrade, docs/operations.md "Code upgrades"). State is encoded by field names and declared types
 * ({@link ObjectState}), so a field carries over when the new class declares a field of the same
 * name and the same declared type; a new field starts as the new class's constructor sets it. A
 * field the new class lacks (dropped) or declares with another type (changed) cannot carry over:
 * the upgrade is refused, naming each one, unless the new class declares the migration method
 *
 * <pre>  private void __concoordmigrate__(java.util.Map&lt;String, Object&gt; old)</pre>
 *
 * which is called once, on the new object after the fields that carry over were filled, with every
 * field of the old state by name as plain values (integers as {@code Long}, or {@code BigInteger}
 * beyond a long; decimals as {@code Double}; strings; booleans; lists as {@code List}, maps and
 * nested objects as {@code Map<String, Object>}; null). It is never a client's to call. A rollback
 * may drop the fields the newer code added ({@code dropAllowed}). Calls parked on the object stay
 * parked if the new class still has their method.
 *
 * <p>Stateless. Does no I/O. Runs user code (the constructor and the migration method).
 */
public final class StateMigration {
  /** The migration method's name. */
  public static final String MIGRATE_METHOD = "__concoordmigrate__";

  /** The migration method's values: integers as Long, decimals as Double. */
  private static final JsonMapper PLAIN =
      JsonMapper.builder().enable(DeserializationFeature.USE_LONG_FOR_INTS).build();

  /** The state as a tree, numbers exactly as written ("0.20" stays "0.20"). */
  private static final JsonMapper TREE =
      JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
          .build();

  /** What happens to one field. */
  public enum Kind {
    CARRIED,
    NEW,
    DROPPED,
    CHANGED
  }

  /** One field's fate; {@code oldType} or {@code newType} is empty where it has none. */
  public record Change(Kind kind, String name, String oldType, String newType) {
    @Override
    public String toString() {
      return switch (kind) {
        case CARRIED -> "carried: " + name + " (" + newType + ")";
        case NEW -> "new: " + name + " (" + newType + "), as the constructor sets it";
        case DROPPED -> "dropped: " + name + " (" + oldType + ")";
        case CHANGED -> "changed type: " + name + " (" + oldType + " -> " + newType + ")";
      };
    }
  }

  /** The migrated object ({@code host}, null if refused), and the report of every field. */
  public record Result(ObjectHost host, List<Change> changes, List<String> problems) {
    public boolean refused() {
      return host == null;
    }
  }

  private StateMigration() {}

  /** Every state field of {@code source} and {@code target}, by name, and what happens to it. */
  public static List<Change> compare(Class<?> source, Class<?> target) {
    Map<String, String> before = types(source);
    Map<String, String> after = types(target);
    List<Change> changes = new ArrayList<>();
    after.forEach(
        (name, type) -> {
          String old = before.get(name);
          changes.add(
              old == null
                  ? new Change(Kind.NEW, name, "", type)
                  : old.equals(type)
                      ? new Change(Kind.CARRIED, name, old, type)
                      : new Change(Kind.CHANGED, name, old, type));
        });
    before.forEach(
        (name, type) -> {
          if (!after.containsKey(name)) {
            changes.add(new Change(Kind.DROPPED, name, type, ""));
          }
        });
    return changes;
  }

  /**
   * The fields that cannot carry over, as messages; empty if the upgrade may go on. With a
   * migration method nothing is refused here: the method decides.
   */
  public static List<String> problems(List<Change> changes, Class<?> target, boolean dropAllowed) {
    List<String> problems = new ArrayList<>();
    if (migrationMethod(target) != null) {
      return problems;
    }
    for (Change change : changes) {
      if (change.kind() == Kind.CHANGED || (change.kind() == Kind.DROPPED && !dropAllowed)) {
        problems.add(change + " cannot carry over");
      }
    }
    return problems;
  }

  /**
   * {@code state} (a snapshot of an object of {@code source}) carried into a new object of {@code
   * target}; on refusal no object is made and the problems say why.
   */
  public static Result migrate(
      Class<?> source, byte[] state, HostedClass target, boolean dropAllowed) {
    List<Change> changes = compare(source, target.objectClass());
    List<String> problems = problems(changes, target.objectClass(), dropAllowed);
    if (!problems.isEmpty()) {
      return new Result(null, changes, problems);
    }
    try {
      ObjectHost host = target.newHost();
      JsonNode old = TREE.readTree(state);
      ObjectNode merged = (ObjectNode) TREE.readTree(host.snapshot());
      ObjectNode fields = (ObjectNode) merged.get("object");
      for (Change change : changes) {
        if (change.kind() == Kind.CARRIED) {
          fields.set(change.name(), old.path("object").get(change.name()));
        }
      }
      merged.set("parked", old.get("parked"));
      host.restore(TREE.writeValueAsBytes(merged));
      Method migrate = migrationMethod(target.objectClass());
      if (migrate != null) {
        Map<?, ?> root = PLAIN.readValue(state, Map.class);
        migrate.invoke(host.instance(), new TreeMap<>((Map<?, ?>) root.get("object")));
      }
      host.snapshot(); // the migrated object must still be one a snapshot can carry
      return new Result(host, changes, problems);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Error error && !(cause instanceof AssertionError)) {
        throw error;
      }
      return refused(changes, MIGRATE_METHOD + " threw " + cause);
    } catch (IOException | ReflectiveOperationException | RuntimeException e) {
      return refused(
          changes,
          "the state does not restore into the new "
              + target.objectClass().getSimpleName()
              + ": "
              + e.getMessage());
    }
  }

  private static Result refused(List<Change> changes, String problem) {
    return new Result(null, changes, List.of(problem));
  }

  /** The class's own migration method, accessible, or null if it declares none. */
  static Method migrationMethod(Class<?> type) {
    try {
      Method method = type.getDeclaredMethod(MIGRATE_METHOD, Map.class);
      if (Modifier.isStatic(method.getModifiers()) || method.getReturnType() != void.class) {
        return null;
      }
      method.setAccessible(true);
      return method;
    } catch (NoSuchMethodException e) {
      return null;
    }
  }

  /** Whether {@code type} declares the migration method. */
  public static boolean hasMigration(Class<?> type) {
    return migrationMethod(type) != null;
  }

  /** Whether {@code method} is the migration method (never callable by clients). */
  static boolean isMigrationMethod(Method method) {
    return method.getName().equals(MIGRATE_METHOD);
  }

  private static Map<String, String> types(Class<?> type) {
    Map<String, String> byName = new TreeMap<>();
    org.concoord.core.value.TypeBindings bindings = org.concoord.core.value.TypeBindings.of(type);
    for (Field field : StateCheck.stateFields(type)) {
      byName.put(field.getName(), bindings.resolve(field.getGenericType()).getTypeName());
    }
    return byName;
  }
}
