package org.concoord.core.replica;

import java.util.Arrays;
import java.util.List;
import org.concoord.core.codec.ObjectSetCodec;
import org.concoord.core.command.Call;
import org.concoord.core.command.ClientCommand;
import org.concoord.core.host.CodeVersion;
import org.concoord.core.host.ObjectCatalog;
import org.concoord.core.host.ObjectHost;
import org.concoord.core.host.Response;
import org.concoord.core.host.UserCodeFailure;
import org.concoord.core.message.Outcome;
import org.concoord.core.value.ValueCodec;

/**
 * The decided {@value Call#UPGRADE_METHOD} calls of {@code concoord upgrade} (admin only; the
 * policy refused everyone else before this): the new code travels inside the call, so every replica
 * has the same bytes at the same slot, and the switch happens at that slot on every replica, the
 * slots before it having run under the old code (docs/operations.md, "Code upgrades"). Arguments, a
 * list whose first element is the action:
 *
 * <ul>
 *   <li>{@code ["describe"]}: {@code [digest, class, previous digest or "", slot]} of the code now;
 *   <li>{@code ["check" | "upgrade", expected, class, jar, digest]}: the report of what carries
 *       over ({@code [compatible, report]}), or the switch to that code (the report; refused with
 *       nothing changed if anything cannot carry over). {@code expected} is the digest of the code
 *       the operator checked against: if the code changed since, the call is refused;
 *   <li>{@code ["rollback-check" | "rollback", expected]}: the same, back to the code before the
 *       last switch; the fields the newer code added are dropped.
 * </ul>
 *
 * <p>A replica that cannot load code at all stops (as on an object's Error) rather than go on under
 * the old code. Not thread-safe. Does no I/O beyond what the code loader does.
 */
final class CodeUpgrades {
  static final String DESCRIBE = "describe";
  static final String CHECK = "check";
  static final String UPGRADE = "upgrade";
  static final String ROLLBACK_CHECK = "rollback-check";
  static final String ROLLBACK = "rollback";

  private CodeUpgrades() {}

  static Response execute(NamedObjects objects, long slot, ClientCommand call) {
    List<?> args;
    try {
      args = (List<?>) ValueCodec.decode(call.call().args());
    } catch (RuntimeException e) {
      return refused("malformed arguments: " + e.getMessage());
    }
    Object action = args.isEmpty() ? null : args.get(0);
    ObjectSetCodec.Code code = objects.code();
    if (DESCRIBE.equals(action)) {
      return describe(code);
    }
    boolean rollback = ROLLBACK.equals(action) || ROLLBACK_CHECK.equals(action);
    boolean check = CHECK.equals(action) || ROLLBACK_CHECK.equals(action);
    String wrong = wrongArguments(args, action, rollback, code);
    if (wrong != null) {
      return refused(wrong);
    }
    CodeVersion target = rollback ? code.previous() : version(args);
    if (target == null) {
      return refused(
          rollback
              ? "there is no earlier code to roll back to"
              : "an upgrade's arguments are [action, expected digest, class, jar bytes, digest],"
                  + " and the jar's bytes must have that digest");
    }
    ObjectCatalog next;
    try {
      next = CodeSwitch.catalogOf(objects, target);
    } catch (IllegalArgumentException e) {
      return refused("the new code does not load: " + e.getMessage());
    } catch (UnsupportedOperationException e) {
      throw cannotLoad(target, call, slot, e);
    }
    CodeSwitch.Plan plan = CodeSwitch.plan(objects, next, rollback);
    String header =
        (rollback ? "rollback" : "upgrade") + " from " + code.current() + " to " + target + "\n";
    if (check) {
      return ok(List.of(!plan.refused(), header + plan.text()));
    }
    if (plan.refused()) {
      return refused("nothing changed: " + header + plan.text());
    }
    CodeSwitch.apply(objects, plan, next, new ObjectSetCodec.Code(target, code.current(), slot));
    return ok(header + "switched at slot " + slot + "\n" + plan.text());
  }

  /** {@code ["describe"]}'s answer: {@code [digest, class, previous digest or "", slot]}. */
  private static Response describe(ObjectSetCodec.Code code) {
    return ok(
        List.of(
            code.current().digest(),
            code.current().className(),
            code.previous() == null ? "" : code.previous().digest(),
            code.slot()));
  }

  /**
   * Why a check, upgrade or rollback call is refused before its code is looked at (an unknown
   * action, or the code changed since the operator checked), or null.
   */
  private static String wrongArguments(
      List<?> args, Object action, boolean rollback, ObjectSetCodec.Code code) {
    if (!rollback && !UPGRADE.equals(action) && !CHECK.equals(action)) {
      return "the first argument is the action: describe, check, upgrade,"
          + " rollback-check or rollback; got "
          + action;
    }
    if (args.size() < 2 || !code.current().digest().equals(args.get(1))) {
      return "the instance's code is now "
          + code.current()
          + " (digest "
          + code.current().digest()
          + "), not the code this was checked against ("
          + (args.size() < 2 ? "none given" : args.get(1))
          + "); check again";
    }
    return null;
  }

  /** The failure that stops a replica unable to load code at all (as on an object's Error). */
  private static UserCodeFailure cannotLoad(
      CodeVersion target, ClientCommand call, long slot, UnsupportedOperationException e) {
    return new UserCodeFailure(
        "code upgrade to " + target,
        call.clientId(),
        call.seq(),
        slot,
        new Error(
            "this replica cannot load the upgraded code, and stops rather than go on"
                + " under the old: "
                + e.getMessage()));
  }

  /** The code an upgrade call carries, or null unless its arguments end [class, jar, digest]. */
  private static CodeVersion version(List<?> args) {
    if (args.size() != 5
        || !(args.get(2) instanceof String className)
        || !(args.get(3) instanceof byte[] jar)
        || !(args.get(4) instanceof String digest)
        || className.isEmpty()
        || !digest.equals(CodeVersion.digestOf(jar))) {
      return null;
    }
    return new CodeVersion(className, Arrays.copyOf(jar, jar.length), digest);
  }

  private static Response ok(Object result) {
    return new Response(Outcome.OK, ValueCodec.encode(result));
  }

  private static Response refused(String why) {
    return new Response(
        Outcome.EXCEPTION,
        ObjectHost.exceptionPayload(new IllegalArgumentException("upgrade refused: " + why)));
  }
}
