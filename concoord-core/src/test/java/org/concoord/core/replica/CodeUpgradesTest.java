package org.concoord.core.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.concoord.core.Observer;
import org.concoord.core.command.Call;
import org.concoord.core.command.ClientCommand;
import org.concoord.core.host.CallContext;
import org.concoord.core.host.CodeLoader;
import org.concoord.core.host.CodeVersion;
import org.concoord.core.host.Execution;
import org.concoord.core.host.ObjectCatalog;
import org.concoord.core.host.ObjectHost;
import org.concoord.core.host.Response;
import org.concoord.core.host.UserCodeFailure;
import org.concoord.core.message.Outcome;
import org.concoord.core.value.ValueCodec;
import org.junit.jupiter.api.Test;

/**
 * The decided code switch: every object at once, refused with nothing changed, carried by the
 * snapshot to a replica that restores it, rolled back; a replica that cannot load code stops.
 */
class CodeUpgradesTest {
  /** The instance's original class. */
  public static class Tally {
    private long value;

    public long add(long delta) {
      value += delta;
      return value;
    }

    public long get() {
      return value;
    }
  }

  /** The upgrade: a new field and a new method. */
  public static class TallyV2 {
    private long value;
    private String label = "v2";

    public long add(long delta) {
      value += delta;
      return value;
    }

    public long get() {
      return value;
    }

    public String label() {
      return label + ":" + value;
    }
  }

  /** An incompatible upgrade: the value's type changed. */
  public static class TallyText {
    private String value = "";
  }

  static final byte[] V2 = "jar of v2".getBytes(StandardCharsets.UTF_8);
  private static final byte[] TEXT = "jar of text".getBytes(StandardCharsets.UTF_8);

  /** "Loads" a jar by its bytes, as the runtime's loader would define its classes. */
  static final CodeLoader LOADER =
      (jar, className) -> {
        String text = new String(jar, StandardCharsets.UTF_8);
        return switch (text) {
          case "jar of v2" -> ObjectCatalog.of(List.of(TallyV2.class, Tally.class));
          case "jar of text" -> ObjectCatalog.of(List.of(TallyText.class, Tally.class));
          default -> throw new IllegalArgumentException("no such code");
        };
      };

  private long seq;

  private static NamedObjects objects(CodeLoader loader) {
    ObjectCatalog catalog = ObjectCatalog.of(List.of(Tally.class)).withLoader(loader);
    return new NamedObjects(new ObjectHost(Tally.class), catalog, 0, Observer.NONE);
  }

  private Object call(NamedObjects objects, String name, String method, Object... args) {
    seq++;
    Call call =
        name.isEmpty()
            ? new Call(method, ValueCodec.encodeArgs(args))
            : Call.on(name, "", method, ValueCodec.encodeArgs(args));
    Execution execution = objects.execute(seq, new CallContext(1, seq, seq), call);
    return ValueCodec.decode(execution.response().payload());
  }

  private Response upgrade(NamedObjects objects, Object... args) {
    seq++;
    ClientCommand command =
        new ClientCommand(
            1, seq, 0, new Call(Call.UPGRADE_METHOD, ValueCodec.encodeArgs(args)), "admin");
    return CodeUpgrades.execute(objects, 100 + seq, command);
  }

  private static Object ok(Response response) {
    assertEquals(
        Outcome.OK,
        response.outcome(),
        () -> String.valueOf(ValueCodec.decode(response.payload())));
    return ValueCodec.decode(response.payload());
  }

  private static String refusal(Response response) {
    assertEquals(Outcome.EXCEPTION, response.outcome());
    return String.valueOf(ValueCodec.decode(response.payload()));
  }

  private static Object[] code(String className, byte[] jar) {
    return new Object[] {className, jar, CodeVersion.digestOf(jar)};
  }

  private Response to(NamedObjects objects, String action, Class<?> type, byte[] jar) {
    Object[] code = code(type.getName(), jar);
    return upgrade(objects, action, objects.code().current().digest(), code[0], code[1], code[2]);
  }

  @Test
  void anUpgradeSwitchesEveryObjectAtItsSlotAndTheNewMethodAnswers() {
    NamedObjects objects = objects(LOADER);
    call(objects, "", "add", 5L);
    call(objects, "named/one", "add", 7L);
    String report = (String) ok(to(objects, "upgrade", TallyV2.class, V2));
    assertTrue(report.contains("new: label (java.lang.String)"), report);
    assertTrue(report.contains("switched at slot"), report);
    assertEquals(5L, call(objects, "", "get"));
    assertEquals(6L, call(objects, "", "add", 1L));
    assertEquals("v2:6", call(objects, "", "label"));
    assertEquals(7L, call(objects, "named/one", "get"), "a named object of a kept class migrated");
    assertEquals(
        List.of(
            CodeVersion.digestOf(V2), TallyV2.class.getName(), CodeVersion.GENESIS_DIGEST, 103L),
        ok(upgrade(objects, "describe")));
  }

  @Test
  void anIncompatibleUpgradeIsRefusedNamingTheFieldAndNothingChanges() {
    NamedObjects objects = objects(LOADER);
    call(objects, "", "add", 5L);
    List<?> checked = (List<?>) ok(to(objects, "check", TallyText.class, TEXT));
    assertEquals(false, checked.get(0));
    assertTrue(
        ((String) checked.get(1))
            .contains("changed type: value (long -> java.lang.String) cannot carry over"),
        checked.toString());
    String refused = refusal(to(objects, "upgrade", TallyText.class, TEXT));
    assertTrue(refused.contains("nothing changed"), refused);
    assertEquals(CodeVersion.GENESIS_DIGEST, objects.code().current().digest());
    assertEquals(6L, call(objects, "", "add", 1L), "the old code still runs the object");
  }

  @Test
  void anUpgradeCheckedAgainstOtherCodeOrWithBytesNotOfItsDigestIsRefused() {
    NamedObjects objects = objects(LOADER);
    assertTrue(
        refusal(
                upgrade(
                    objects,
                    "upgrade",
                    "someothercode",
                    TallyV2.class.getName(),
                    V2,
                    CodeVersion.digestOf(V2)))
            .contains("check again"));
    assertTrue(
        refusal(
                upgrade(
                    objects,
                    "upgrade",
                    CodeVersion.GENESIS_DIGEST,
                    TallyV2.class.getName(),
                    V2,
                    CodeVersion.digestOf(TEXT)))
            .contains("digest"));
    assertEquals(CodeVersion.GENESIS_DIGEST, objects.code().current().digest());
  }

  @Test
  void aSnapshotTakenAfterTheUpgradeRestoresUnderTheNewCodeOnAnotherReplica() {
    NamedObjects objects = objects(LOADER);
    call(objects, "", "add", 5L);
    ok(to(objects, "upgrade", TallyV2.class, V2));
    call(objects, "", "add", 1L);
    NamedObjects other = objects(LOADER);
    other.restore(objects.snapshot(), null);
    assertEquals("v2:6", call(other, "", "label"));
    assertEquals(objects.code(), other.code());
    NamedObjects cannotLoad = objects(CodeLoader.NONE);
    assertThrows(
        IllegalArgumentException.class, () -> cannotLoad.restore(objects.snapshot(), null));
    assertEquals(5L, call(cannotLoad, "", "add", 5L), "a refused snapshot changed nothing");
  }

  @Test
  void aSnapshotWhoseCodeBytesDoNotHaveTheirDigestIsRefused() {
    NamedObjects objects = objects(LOADER);
    ok(to(objects, "upgrade", TallyV2.class, V2));
    byte[] bytes = objects.snapshot();
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    bytes[text.indexOf("jar of v2")] ^= 1;
    IllegalArgumentException refused =
        assertThrows(IllegalArgumentException.class, () -> objects(LOADER).restore(bytes, null));
    assertTrue(refused.getMessage().contains("digest"), refused.getMessage());
  }

  @Test
  void aRollbackGoesBackToTheOriginalCodeDroppingTheNewFields() {
    NamedObjects objects = objects(LOADER);
    call(objects, "", "add", 5L);
    ok(to(objects, "upgrade", TallyV2.class, V2));
    String report = (String) ok(upgrade(objects, "rollback", CodeVersion.digestOf(V2)));
    assertTrue(report.contains("dropped: label"), report);
    assertEquals(6L, call(objects, "", "add", 1L));
    assertTrue(String.valueOf(call(objects, "", "label")).contains("unknown method"));
    assertEquals(CodeVersion.GENESIS_DIGEST, objects.code().current().digest());
    assertEquals(CodeVersion.digestOf(V2), objects.code().previous().digest());
  }

  @Test
  void aReplicaThatCannotLoadTheCodeStopsRatherThanGoOnUnderTheOld() {
    NamedObjects objects = objects(CodeLoader.NONE);
    assertThrows(UserCodeFailure.class, () -> to(objects, "upgrade", TallyV2.class, V2));
  }

  @Test
  void onlyAnAdminMayUpgrade() {
    org.concoord.core.access.AccessPolicy policy = new org.concoord.core.access.AccessPolicy();
    assertTrue(policy.refusal("alice", "", Call.UPGRADE_METHOD, null) != null);
    assertEquals(null, policy.refusal("admin", "", Call.UPGRADE_METHOD, null));
  }
}
