package org.concoord.core.codec;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import org.concoord.core.Ballot;
import org.concoord.core.NodeId;
import org.concoord.core.PValue;
import org.concoord.core.command.Batch;
import org.concoord.core.command.Call;
import org.concoord.core.command.ClientCommand;
import org.concoord.core.command.Command;
import org.concoord.core.command.Reconfigure;
import org.concoord.core.effects.DurableWrite;
import org.concoord.core.host.Response;
import org.concoord.core.message.Accepted;
import org.concoord.core.message.Alive;
import org.concoord.core.message.CatchUpReply;
import org.concoord.core.message.CatchUpRequest;
import org.concoord.core.message.ClientReply;
import org.concoord.core.message.ClientRequest;
import org.concoord.core.message.Decision;
import org.concoord.core.message.Heartbeat;
import org.concoord.core.message.Hello;
import org.concoord.core.message.JoinReply;
import org.concoord.core.message.JoinRequest;
import org.concoord.core.message.Message;
import org.concoord.core.message.Outcome;
import org.concoord.core.message.Preempted;
import org.concoord.core.message.Prepare;
import org.concoord.core.message.Promise;
import org.concoord.core.message.Propose;
import org.concoord.core.message.ReadCheck;
import org.concoord.core.message.ReadConfirm;
import org.concoord.core.message.Reason;
import org.concoord.core.message.Snapshot;
import org.concoord.core.message.SnapshotChunk;
import org.concoord.core.message.SnapshotFetch;
import org.concoord.core.message.SnapshotSaved;
import org.concoord.core.message.StateDigest;
import org.concoord.core.message.StatusReply;
import org.concoord.core.message.StatusRequest;
import org.concoord.core.message.Truncate;
import org.concoord.core.view.Role;
import org.concoord.core.view.View;
import org.concoord.core.view.ViewHistory;

/**
 * Generators for every record the codec carries. Values span each record's whole valid range: longs
 * at their extremes, empty and non-empty lists, null leader hints, and text from plain ASCII to
 * 4-byte UTF-8 (surrogate pairs) up to the longest a record accepts.
 */
final class MessageArbitraries {
  /** The message type names, one per record permitted by {@code Message}. */
  static final List<String> MESSAGE_TYPES =
      List.of(
          "Prepare",
          "Promise",
          "Propose",
          "Accepted",
          "Preempted",
          "Decision",
          "Heartbeat",
          "CatchUpRequest",
          "CatchUpReply",
          "ClientRequest",
          "ClientReply",
          "Hello",
          "JoinRequest",
          "JoinReply",
          "Truncate",
          "StatusRequest",
          "StatusReply");

  private MessageArbitraries() {}

  static Arbitrary<Message> messages() {
    return Arbitraries.oneOf(
        List.of(
            Combinators.combine(ballots(), slots()).as(Prepare::new),
            Combinators.combine(ballots(), Arbitraries.longs(), pvalues().list().ofMaxSize(4))
                .as(Promise::new),
            pvalues().map(Propose::new),
            Combinators.combine(ballots(), Arbitraries.longs()).as(Accepted::new),
            Combinators.combine(ballots(), ballots())
                .as((a, b) -> a.isBelow(b) ? new Preempted(a, b) : new Preempted(b, a)),
            Combinators.combine(slots(), batches()).as(Decision::new),
            Combinators.combine(ballots(), Arbitraries.longs()).as(Heartbeat::new),
            slots().map(CatchUpRequest::new),
            Combinators.combine(slots(), batches().list().ofMaxSize(4)).as(CatchUpReply::new),
            clientCommands().map(ClientRequest::new),
            Combinators.combine(
                    clientCommands(), readModes(), Arbitraries.longs().between(0, Long.MAX_VALUE))
                .as(ClientRequest::new),
            clientReplies(),
            nodeIds().map(Hello::new),
            Combinators.combine(
                    nodeIds(),
                    Arbitraries.of(Role.class),
                    Arbitraries.bytes()
                        .array(byte[].class)
                        .ofMaxSize(JoinRequest.FINGERPRINT_LENGTH_MAX))
                .as(JoinRequest::new),
            joinReplies(),
            slots().map(Truncate::new),
            Arbitraries.just(new StatusRequest()),
            statusReplies(),
            snapshots(),
            Combinators.combine(ballots(), Arbitraries.longs()).as(Alive::new),
            snapshotChunks(),
            Combinators.combine(
                    Arbitraries.longs().between(1, Long.MAX_VALUE),
                    Arbitraries.longs().between(0, Long.MAX_VALUE))
                .as(SnapshotFetch::new),
            Arbitraries.just(new SnapshotFetch(0, 0)),
            Combinators.combine(
                    slots(),
                    Arbitraries.bytes().array(byte[].class).ofSize(StateDigest.DIGEST_BYTES))
                .as(StateDigest::new),
            Arbitraries.longs().between(0, Long.MAX_VALUE).map(SnapshotSaved::new),
            Combinators.combine(ballots(), Arbitraries.longs().between(1, Long.MAX_VALUE))
                .as(ReadCheck::new),
            Combinators.combine(ballots(), Arbitraries.longs().between(1, Long.MAX_VALUE))
                .as(ReadConfirm::new)));
  }

  /** Chunks at any offset of snapshots of any size, the last one or not, up to 1 KiB of data. */
  static Arbitrary<SnapshotChunk> snapshotChunks() {
    return Combinators.combine(
            slots(),
            Arbitraries.longs().between(1, Long.MAX_VALUE / 4),
            Arbitraries.longs().between(0, Long.MAX_VALUE / 4),
            Arbitraries.bytes().array(byte[].class).ofMaxSize(1024),
            Arbitraries.of(true, false))
        .as(
            (slot, meta, offset, data, last) -> {
              long total = Math.max(meta, offset + data.length + (last ? 0 : 1));
              return new SnapshotChunk(slot, meta, total, offset, data);
            });
  }

  static Arbitrary<Snapshot> snapshots() {
    Arbitrary<ViewHistory.Entry> entries =
        Combinators.combine(
                slots(), joinReplies().filter(r -> r.genesis() != null).map(JoinReply::genesis))
            .as(ViewHistory.Entry::new);
    Arbitrary<Snapshot.Reply> replies =
        Combinators.combine(Arbitraries.longs(), Arbitraries.of(Outcome.class), values())
            .as((seq, outcome, payload) -> new Snapshot.Reply(seq, new Response(outcome, payload)));
    Arbitrary<Snapshot.Session> sessions =
        Combinators.combine(
                Arbitraries.longs(),
                Arbitraries.longs(),
                Arbitraries.longs(),
                Arbitraries.longs(),
                replies.list().ofMaxSize(3),
                Arbitraries.longs().list().ofMaxSize(3),
                principals())
            .as(Snapshot.Session::new);
    Arbitrary<Snapshot.StateSize> sizes =
        Combinators.combine(
                Arbitraries.longs().between(0, Long.MAX_VALUE),
                Arbitraries.longs().between(0, Long.MAX_VALUE),
                Arbitraries.longs().between(0, Long.MAX_VALUE))
            .as(Snapshot.StateSize::new);
    return Combinators.combine(
            slots(),
            Arbitraries.longs(),
            entries.list().ofMinSize(1).ofMaxSize(3),
            Arbitraries.longs(),
            sessions.list().ofMaxSize(3),
            sizes,
            values(),
            values())
        .as(Snapshot::new);
  }

  /** Principals as nodes set them: none (plaintext), a client's name, a node's. */
  static Arbitrary<String> principals() {
    return Arbitraries.of("", "alice", "node:10.0.0.1:14000", "Zoë 名前");
  }

  static Arbitrary<StatusReply> statusReplies() {
    Arbitrary<StatusReply> plain =
        Combinators.combine(
                nodeIds(),
                Arbitraries.of(Role.class),
                Arbitraries.of(true, false),
                ballots(),
                nodeIds().injectNull(0.3),
                Arbitraries.longs(),
                joinReplies().map(JoinReply::genesis).injectNull(0.3))
            .as(StatusReply::new);
    return Combinators.combine(
            plain,
            Arbitraries.longs().between(0, Long.MAX_VALUE),
            Arbitraries.strings().alpha().withChars(" :,").ofMaxLength(40).injectNull(0.5))
        .as(
            (StatusReply r, Long bytes, String notice) ->
                new StatusReply(
                    r.node(),
                    r.role(),
                    r.leading(),
                    r.ballot(),
                    r.leader(),
                    r.slotExecutedMax(),
                    r.view(),
                    bytes,
                    notice));
  }

  static Arbitrary<JoinReply> joinReplies() {
    Arbitrary<View> views =
        Combinators.combine(
                Arbitraries.longs().between(0, Long.MAX_VALUE),
                nodeIds().list().ofMaxSize(4),
                nodeIds().list().ofMaxSize(4),
                nodeIds().list().ofMaxSize(2))
            .as(View::new);
    return Combinators.combine(
            Arbitraries.of(true, false),
            Arbitraries.of(true, false),
            texts(40),
            views,
            nodeIds().injectNull(0.3),
            Arbitraries.of(Reason.class))
        .as(
            (accepted, member, reason, view, hint, code) ->
                accepted
                    ? new JoinReply(true, member, reason, view, hint)
                    : JoinReply.refused(code, reason, hint));
  }

  static Arbitrary<DurableWrite> durableWrites() {
    return Arbitraries.oneOf(
        ballots().map(DurableWrite.PromiseWrite::new),
        pvalues().map(DurableWrite.AcceptWrite::new),
        Arbitraries.longs().between(1, Long.MAX_VALUE).map(DurableWrite.TruncateWrite::new));
  }

  static Arbitrary<ClientReply> clientReplies() {
    return Combinators.combine(
            Arbitraries.longs(),
            Arbitraries.longs(),
            Arbitraries.of(Outcome.class),
            values(),
            nodeIds().injectNull(0.3),
            Arbitraries.longs().between(0, Long.MAX_VALUE))
        .as(ClientReply::new);
  }

  /** Issue 20's read modes, the bounded one with any bound it takes. */
  static Arbitrary<org.concoord.core.command.ReadMode> readModes() {
    return Arbitraries.oneOf(
        Arbitraries.of(
            org.concoord.core.command.ReadMode.LINEARIZABLE,
            org.concoord.core.command.ReadMode.LEASE,
            org.concoord.core.command.ReadMode.SEQUENTIAL),
        Arbitraries.longs()
            .between(1, org.concoord.core.command.ReadMode.BOUND_MILLIS_MAX)
            .map(org.concoord.core.command.ReadMode::bounded));
  }

  static Arbitrary<Batch> batches() {
    return Combinators.combine(Arbitraries.longs(), commands().list().ofMaxSize(6)).as(Batch::new);
  }

  static Arbitrary<Command> commands() {
    return Arbitraries.frequencyOf(
        Tuple.of(3, clientCommands().map(c -> (Command) c)),
        Tuple.of(1, reconfigures().map(r -> (Command) r)));
  }

  static Arbitrary<Reconfigure> reconfigures() {
    return Combinators.combine(Arbitraries.of(true, false), Arbitraries.of(Role.class), nodeIds())
        .as(Reconfigure::new);
  }

  static Arbitrary<ClientCommand> clientCommands() {
    return Arbitraries.longs()
        .between(1, Long.MAX_VALUE)
        .flatMap(
            seq ->
                Combinators.combine(
                        Arbitraries.longs(),
                        Arbitraries.longs().between(0, seq),
                        calls(),
                        principals())
                    .as(
                        (clientId, ackedBelow, call, principal) ->
                            new ClientCommand(clientId, seq, ackedBelow, call, principal)));
  }

  static Arbitrary<Call> calls() {
    return Combinators.combine(texts(Call.METHOD_LENGTH_MAX), values()).as(Call::new);
  }

  static Arbitrary<PValue> pvalues() {
    return Combinators.combine(ballots(), slots(), batches()).as(PValue::new);
  }

  static Arbitrary<Ballot> ballots() {
    return Arbitraries.oneOf(
        Arbitraries.just(Ballot.ZERO),
        Combinators.combine(Arbitraries.longs().between(0, Long.MAX_VALUE), nodeIds())
            .as(Ballot::new));
  }

  static Arbitrary<NodeId> nodeIds() {
    return texts(NodeId.ADDRESS_LENGTH_MAX).map(NodeId::new);
  }

  static Arbitrary<Long> slots() {
    return Arbitraries.longs().between(1, Long.MAX_VALUE);
  }

  /**
   * Opaque values: mostly short, sometimes past the 64 KiB a u16 length could hold. Long ones are
   * filled from a generated seed: jqwik's per-byte shrinkables would make them slow to generate.
   */
  static Arbitrary<byte[]> values() {
    Arbitrary<byte[]> large =
        Combinators.combine(Arbitraries.integers().between(65_536, 70_000), Arbitraries.longs())
            .as(
                (length, seed) -> {
                  byte[] value = new byte[length];
                  new SplittableRandom(seed).nextBytes(value);
                  return value;
                });
    return Arbitraries.frequencyOf(
        Tuple.of(20, Arbitraries.bytes().array(byte[].class).ofMaxSize(40)), Tuple.of(1, large));
  }

  /** Text of 1..{@code charsMax} UTF-16 chars and no unpaired surrogate, from all UTF-8 widths. */
  static Arbitrary<String> texts(int charsMax) {
    Arbitrary<String> address =
        Arbitraries.strings()
            .withCharRange('a', 'z')
            .withCharRange('0', '9')
            .withChars(".:-")
            .ofMinLength(1)
            .ofMaxLength(charsMax);
    Arbitrary<Integer> codePoints =
        Arbitraries.frequencyOf(
            Tuple.of(4, Arbitraries.integers().between(0x20, 0x7F)),
            Tuple.of(2, Arbitraries.integers().between(0x80, 0x7FF)),
            Tuple.of(2, Arbitraries.integers().between(0x800, 0xD7FF)),
            Tuple.of(1, Arbitraries.integers().between(0xE000, 0xFFFF)),
            Tuple.of(2, Arbitraries.integers().between(0x10000, 0x10FFFF)));
    Arbitrary<String> unicode =
        codePoints
            .list()
            .ofMinSize(1)
            .ofMaxSize(charsMax / 2)
            .map(list -> list.stream().map(Character::toString).collect(Collectors.joining()));
    return Arbitraries.oneOf(
        address,
        unicode,
        // The longest text a record accepts, in 1- and 3-byte chars (the UTF-8 bound's edge).
        Arbitraries.just("a".repeat(charsMax)),
        Arbitraries.just("\u4e2d".repeat(charsMax)));
  }
}
