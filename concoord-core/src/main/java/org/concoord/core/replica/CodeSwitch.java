package org.concoord.core.replica;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.concoord.core.codec.ObjectSetCodec;
import org.concoord.core.host.CodeVersion;
import org.concoord.core.host.HostedClass;
import org.concoord.core.host.ObjectCatalog;
import org.concoord.core.host.ObjectHost;
import org.concoord.core.host.StateMachine;
import org.concoord.core.host.StateMigration;
import org.concoord.core.message.Snapshot;

/**
 * Moves every object of an instance to other code ({@link StateMigration} for each), all or
 * nothing: {@link #plan} migrates into new objects and leaves the live ones alone, so a refused
 * plan changes nothing, and {@link #apply} then installs a plan in one step. The default object
 * becomes an object of the new code's default class; a named object keeps its class's binary name,
 * which the new code must still have.
 *
 * <p>Not thread-safe. Does no I/O. Runs user code (constructors, migration methods).
 */
final class CodeSwitch {
  /** Objects whose fields the report lists; the problems list every object. */
  static final int REPORTED_OBJECTS_MAX = 20;

  /** The migrated objects, or the problems that refuse the switch; the report of every field. */
  record Plan(
      List<String> report,
      List<String> problems,
      ObjectHost defaultHost,
      Snapshot.StateSize defaultSize,
      TreeMap<String, NamedObject> named) {
    boolean refused() {
      return !problems.isEmpty();
    }

    /** The report and, if refused, the problems, as text for the operator. */
    String text() {
      StringBuilder out = new StringBuilder();
      report.forEach(line -> out.append(line).append('\n'));
      if (refused()) {
        out.append("cannot carry over:\n");
        problems.forEach(line -> out.append("  ").append(line).append('\n'));
      }
      return out.toString();
    }
  }

  private CodeSwitch() {}

  /**
   * The catalog of {@code wanted}: the replica's own for the original code, the current one if it
   * is the code running now, else its bytes loaded.
   *
   * @throws IllegalArgumentException if the code does not load here
   * @throws UnsupportedOperationException if this replica cannot load code at all
   */
  static ObjectCatalog catalogOf(NamedObjects objects, CodeVersion wanted) {
    ObjectCatalog genesis = objects.genesisCatalog();
    if (wanted.isGenesis()) {
      return genesis;
    }
    if (wanted.digest().equals(objects.code().current().digest())) {
      return objects.catalog();
    }
    return genesis.withCode(genesis.loader().load(wanted.jar(), wanted.className()));
  }

  /**
   * Every object of {@code objects} migrated to {@code next}'s classes; a rollback passes {@code
   * dropAllowed} (the fields the newer code added go).
   */
  static Plan plan(NamedObjects objects, ObjectCatalog next, boolean dropAllowed) {
    List<String> report = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    TreeMap<String, NamedObject> named = new TreeMap<>();
    ObjectHost defaultHost = null;
    Snapshot.StateSize defaultSize = Snapshot.StateSize.ZERO;
    int reported = 0;
    for (NamedObject entry : objects.entries().values()) {
      boolean isDefault = entry.name().isEmpty();
      String label = isDefault ? "the default object" : "object '" + entry.name() + "'";
      String target = isDefault ? next.defaultClass() : entry.className();
      Class<?> source = objects.catalog().classOf(entry.className());
      HostedClass hosted;
      try {
        hosted = next.hosted(target);
      } catch (IllegalArgumentException e) {
        problems.add(label + ": class " + target + " cannot be hosted: " + e.getMessage());
        continue;
      }
      if (source == null || hosted == null) {
        problems.add(label + ": " + missingClass(entry, source, target));
        continue;
      }
      StateMigration.Result result =
          StateMigration.migrate(source, entry.snapshot(), hosted, dropAllowed);
      if (reported++ < REPORTED_OBJECTS_MAX) {
        reportMigration(
            report, label + " (" + entry.className() + " -> " + target + "):", hosted, result);
      }
      result.problems().forEach(problem -> problems.add(label + ": " + problem));
      if (result.refused()) {
        continue;
      }
      if (isDefault) {
        defaultHost = result.host();
        defaultSize = entry.quota().size();
      } else {
        named.put(
            entry.name(),
            objects.entry(
                entry.name(), target, entry.createdSlot(), result.host(), entry.quota().size()));
      }
    }
    if (reported > REPORTED_OBJECTS_MAX) {
      report.add("and " + (reported - REPORTED_OBJECTS_MAX) + " more objects");
    }
    return new Plan(report, problems, defaultHost, defaultSize, named);
  }

  /** Why {@code entry} cannot move to class {@code target}: one of the two classes is missing. */
  private static String missingClass(NamedObject entry, Class<?> source, String target) {
    return source == null
        ? "its class " + entry.className() + " is not in the current code's catalog"
        : "the new code has no class " + target;
  }

  /** Adds to {@code report} an object's migration under {@code heading}: its field changes. */
  private static void reportMigration(
      List<String> report, String heading, HostedClass hosted, StateMigration.Result result) {
    report.add(heading);
    result.changes().forEach(change -> report.add("  " + change));
    if (StateMigration.hasMigration(hosted.objectClass())) {
      report.add(
          "  migration: "
              + hosted.objectClass().getSimpleName()
              + "."
              + StateMigration.MIGRATE_METHOD
              + " receives every field of the old state");
    }
  }

  /**
   * Installs {@code plan} (not refused): the objects run under {@code next} from now on, as {@code
   * code} records. Back to the original code, the default object is the replica's own machine again
   * (the runtime watches its calls), filled with the migrated state.
   */
  static void apply(NamedObjects objects, Plan plan, ObjectCatalog next, ObjectSetCodec.Code code) {
    if (plan.refused()) {
      throw new IllegalStateException("a refused plan is never applied");
    }
    StateMachine machine = plan.defaultHost();
    if (code.current().isGenesis()) {
      machine = objects.genesisMachine();
      machine.restore(plan.defaultHost().snapshot());
    }
    objects.install(next, machine, plan.defaultSize(), plan.named(), code);
  }
}
