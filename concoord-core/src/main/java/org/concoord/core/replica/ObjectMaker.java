package org.concoord.core.replica;

import java.util.function.Supplier;
import org.concoord.core.host.Execution;
import org.concoord.core.host.HostedClass;
import org.concoord.core.host.ObjectCatalog;
import org.concoord.core.host.ObjectHost;
import org.concoord.core.host.Response;
import org.concoord.core.message.Outcome;
import org.concoord.core.message.Reason;

/**
 * Makes the named objects of {@link NamedObjects}: of the class a call names (else the instance's
 * own), hosted by the instance's code, within the catalog's bound on objects, or the refusal saying
 * why not; and tells whether an object is of the class a call expects.
 *
 * <p>Does no I/O. Reads no clock.
 */
final class ObjectMaker {
  private ObjectMaker() {}

  /**
   * A new object named {@code name} of {@code objectClass} (as the call names it, empty for the
   * default class), or the refusal as an Execution.
   *
   * @param namedCount how many named objects there are (the default one not counted)
   */
  static Object make(
      ObjectCatalog catalog,
      int namedCount,
      long slot,
      String name,
      String objectClass,
      Supplier<StateQuota> quotas) {
    String resolved = objectClass.isEmpty() ? catalog.defaultClass() : catalog.resolve(objectClass);
    String className = resolved == null ? objectClass : resolved;
    if (className.isEmpty()) {
      return NamedObjects.rejected(
          Reason.INVALID, "no class to create '" + name + "' as: name one");
    }
    if (namedCount >= catalog.objectsMax()) {
      return NamedObjects.rejected(
          Reason.LIMIT,
          "too many objects: "
              + namedCount
              + " named objects, the bound is "
              + catalog.objectsMax()
              + " (--objects-max); delete some first");
    }
    HostedClass hosted;
    try {
      hosted = catalog.hosted(className);
    } catch (IllegalArgumentException e) {
      return NamedObjects.rejected(
          Reason.INVALID, "class '" + className + "' cannot be hosted: " + e.getMessage());
    }
    if (hosted == null) {
      return NamedObjects.rejected(Reason.INVALID, catalog.unknown(className));
    }
    ObjectHost host;
    try {
      host = hosted.newHost();
    } catch (IllegalArgumentException e) {
      return Execution.done(
          new Response(
              Outcome.EXCEPTION,
              ObjectHost.exceptionPayload(e.getCause() != null ? e.getCause() : e)));
    }
    return new NamedObject(name, className, slot, host, quotas.get());
  }

  /** Why {@code found} is not of the class {@code expected} names, or null if it is (or none). */
  static String classMismatch(ObjectCatalog catalog, NamedObject found, String expected) {
    if (expected.isEmpty()) {
      return null;
    }
    String resolved = catalog.resolve(expected);
    String wanted = resolved == null ? expected : resolved;
    if (wanted.equals(found.className())) {
      return null;
    }
    return "object '"
        + found.name()
        + "' is a "
        + found.className()
        + ", not a "
        + wanted
        + " (the call did not run)";
  }
}
