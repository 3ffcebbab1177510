package org.concoord.core.codec;

import static org.concoord.core.codec.WireFormat.ADDRESS_BYTES_MAX;
import static org.concoord.core.codec.WireFormat.BATCH_COMMANDS_MAX;
import static org.concoord.core.codec.WireFormat.CATCH_UP_BATCHES_MAX;
import static org.concoord.core.codec.WireFormat.COMMAND_CLIENT;
import static org.concoord.core.codec.WireFormat.COMMAND_RECONFIGURE;
import static org.concoord.core.codec.WireFormat.METHOD_BYTES_MAX;
import static org.concoord.core.codec.WireFormat.PROMISE_PVALUES_MAX;
import static org.concoord.core.codec.WireFormat.SNAPSHOT_CHUNK_BYTES_MAX;
import static org.concoord.core.codec.WireFormat.TAG_ACCEPTED;
import static org.concoord.core.codec.WireFormat.TAG_ACCEPT_WRITE;
import static org.concoord.core.codec.WireFormat.TAG_ALIVE;
import static org.concoord.core.codec.WireFormat.TAG_BATCH;
import static org.concoord.core.codec.WireFormat.TAG_CATCH_UP_REPLY;
import static org.concoord.core.codec.WireFormat.TAG_CATCH_UP_REQUEST;
import static org.concoord.core.codec.WireFormat.TAG_CLIENT_REPLY;
import static org.concoord.core.codec.WireFormat.TAG_CLIENT_REQUEST;
import static org.concoord.core.codec.WireFormat.TAG_DECISION;
import static org.concoord.core.codec.WireFormat.TAG_HEARTBEAT;
import static org.concoord.core.codec.WireFormat.TAG_HELLO;
import static org.concoord.core.codec.WireFormat.TAG_JOIN_REPLY;
import static org.concoord.core.codec.WireFormat.TAG_JOIN_REQUEST;
import static org.concoord.core.codec.WireFormat.TAG_PREEMPTED;
import static org.concoord.core.codec.WireFormat.TAG_PREPARE;
import static org.concoord.core.codec.WireFormat.TAG_PROMISE;
import static org.concoord.core.codec.WireFormat.TAG_PROMISE_WRITE;
import static org.concoord.core.codec.WireFormat.TAG_PROPOSE;
import static org.concoord.core.codec.WireFormat.TAG_SNAPSHOT;
import static org.concoord.core.codec.WireFormat.TAG_SNAPSHOT_CHUNK;
import static org.concoord.core.codec.WireFormat.TAG_SNAPSHOT_FETCH;
import static org.concoord.core.codec.WireFormat.TAG_SNAPSHOT_SAVED;
import static org.concoord.core.codec.WireFormat.TAG_STATE_DIGEST;
import static org.concoord.core.codec.WireFormat.TAG_STATUS_REPLY;
import static org.concoord.core.codec.WireFormat.TAG_STATUS_REQUEST;
import static org.concoord.core.codec.WireFormat.TAG_TRUNCATE;
import static org.concoord.core.codec.WireFormat.TAG_TRUNCATE_WRITE;
import static org.concoord.core.codec.WireFormat.VALUE_BYTES_MAX;
import static org.concoord.core.codec.WireFormat.tagName;

import java.util.ArrayList;
import java.util.List;
import org.concoord.core.Ballot;
import org.concoord.core.NodeId;
import org.concoord.core.PValue;
import org.concoord.core.command.Batch;
import org.concoord.core.command.Call;
import org.concoord.core.command.ClientCommand;
import org.concoord.core.command.Command;
import org.concoord.core.command.ReadMode;
import org.concoord.core.command.Reconfigure;
import org.concoord.core.effects.DurableWrite;
import org.concoord.core.message.Accepted;
import org.concoord.core.message.Alive;
import org.concoord.core.message.CatchUpReply;
import org.concoord.core.message.CatchUpRequest;
import org.concoord.core.message.ClientReply;
import org.concoord.core.message.ClientRequest;
import org.concoord.core.message.Decision;
import org.concoord.core.message.Heartbeat;
import org.concoord.core.message.Message;
import org.concoord.core.message.Outcome;
import org.concoord.core.message.Preempted;
import org.concoord.core.message.Prepare;
import org.concoord.core.message.Promise;
import org.concoord.core.message.Propose;
import org.concoord.core.message.ReadCheck;
import org.concoord.core.message.ReadConfirm;
import org.concoord.core.message.SnapshotChunk;
import org.concoord.core.message.SnapshotFetch;
import org.concoord.core.message.SnapshotSaved;
import org.concoord.core.message.StateDigest;
import org.concoord.core.message.WatchEvent;
import org.concoord.core.message.WatchRequest;
import org.concoord.core.view.Role;

/**
 * Reads the fields of each record after its tag, the mirror of {@link MessageEncoder}. Throws
 * {@link WireReader.Malformed} for bytes that do not fit the layout, and lets the records'
 * constructors throw for values they refuse; {@link MessageCodec} turns both into an error.
 *
 * <p>Stateless. Does no I/O.
 */
final class MessageDecoder {
  // Fewest bytes each nested value can take; list counts are checked against them (see readCount).
  static final int NODE_ID_BYTES_MIN = 2 + 1;
  static final int BALLOT_BYTES_MIN = 8 + NODE_ID_BYTES_MIN;
  static final int BATCH_BYTES_MIN = 8 + 4;
  static final int PVALUE_BYTES_MIN = BALLOT_BYTES_MIN + 8 + BATCH_BYTES_MIN;

  /** A Reconfigure: kind, add, role, node. A client command is longer. */
  static final int COMMAND_BYTES_MIN = 1 + 1 + 1 + NODE_ID_BYTES_MIN;

  private MessageDecoder() {}

  static Message readMessage(int tag, WireReader in) {
    return switch (tag) {
      case TAG_PREPARE -> new Prepare(readBallot(in), in.readI64("Prepare.fromSlot"));
      case TAG_PROMISE -> readPromise(in);
      case TAG_PROPOSE -> new Propose(readPValue(in));
      case TAG_ACCEPTED -> new Accepted(readBallot(in), in.readI64("Accepted.slot"));
      case TAG_PREEMPTED -> new Preempted(readBallot(in), readBallot(in));
      case TAG_DECISION -> new Decision(in.readI64("Decision.slot"), readBatch(in));
      case TAG_HEARTBEAT -> new Heartbeat(readBallot(in), in.readI64("Heartbeat.slotDecidedMax"));
      case TAG_CATCH_UP_REQUEST -> new CatchUpRequest(in.readI64("CatchUpRequest.fromSlot"));
      case TAG_CATCH_UP_REPLY -> readCatchUpReply(in);
      case TAG_CLIENT_REQUEST -> readClientRequest(in, readClientCommand(in, true));
      case WireFormat.TAG_CLIENT_REQUEST_NAMED ->
          readClientRequest(in, readNamedClientCommand(in, true));
      case TAG_CLIENT_REPLY -> readClientReply(in);
      case TAG_HELLO,
          TAG_JOIN_REQUEST,
          TAG_JOIN_REPLY,
          TAG_TRUNCATE,
          TAG_STATUS_REQUEST,
          TAG_STATUS_REPLY ->
          MembershipCodec.read(tag, in);
      case TAG_SNAPSHOT -> SnapshotCodec.read(in);
      case TAG_ALIVE -> new Alive(readBallot(in), in.readI64("Alive.slotExecutedMax"));
      case WireFormat.TAG_READ_CHECK -> new ReadCheck(readBallot(in), readRound(in, "ReadCheck"));
      case WireFormat.TAG_READ_CONFIRM ->
          new ReadConfirm(readBallot(in), readRound(in, "ReadConfirm"));
      case TAG_SNAPSHOT_CHUNK ->
          new SnapshotChunk(
              in.readI64("SnapshotChunk.slot"),
              in.readI64("SnapshotChunk.metaBytes"),
              in.readI64("SnapshotChunk.totalBytes"),
              in.readI64("SnapshotChunk.offset"),
              in.readBytes("SnapshotChunk.data", SNAPSHOT_CHUNK_BYTES_MAX));
      case TAG_SNAPSHOT_FETCH ->
          new SnapshotFetch(in.readI64("SnapshotFetch.slot"), in.readI64("SnapshotFetch.offset"));
      case TAG_STATE_DIGEST ->
          new StateDigest(
              in.readI64("StateDigest.slot"),
              in.readBytes("StateDigest.digest", StateDigest.DIGEST_BYTES));
      case TAG_SNAPSHOT_SAVED -> new SnapshotSaved(in.readI64("SnapshotSaved.slot"));
      case WireFormat.TAG_WATCH_REQUEST -> readWatchRequest(in);
      case WireFormat.TAG_WATCH_EVENT ->
          new WatchEvent(
              in.readI64("WatchEvent.clientId"),
              in.readI64("WatchEvent.watchId"),
              in.readI64("WatchEvent.slot"),
              WatchEvent.Kind.ofCode(in.readU8("WatchEvent.kind")),
              in.readBytes("WatchEvent.payload", VALUE_BYTES_MAX));
      case TAG_PROMISE_WRITE, TAG_ACCEPT_WRITE, TAG_TRUNCATE_WRITE, TAG_BATCH ->
          throw in.malformed("tag " + tagName(tag) + " is not a message");
      default -> throw in.malformed("unknown message tag " + tagName(tag));
    };
  }

  private static WatchRequest readWatchRequest(WireReader in) {
    WatchRequest.Mode mode = WatchRequest.Mode.ofCode(in.readU8("WatchRequest.mode"));
    long fromSlot = in.readI64("WatchRequest.fromSlot");
    ClientCommand command =
        in.readBool("WatchRequest.named")
            ? readNamedClientCommand(in, true)
            : readClientCommand(in, true);
    return new WatchRequest(command, mode, fromSlot);
  }

  static DurableWrite readDurableWrite(int tag, WireReader in) {
    return switch (tag) {
      case TAG_PROMISE_WRITE -> new DurableWrite.PromiseWrite(readBallot(in));
      case TAG_ACCEPT_WRITE -> new DurableWrite.AcceptWrite(readPValue(in));
      case TAG_TRUNCATE_WRITE ->
          new DurableWrite.TruncateWrite(in.readI64("TruncateWrite.slotBelow"));
      default -> throw in.malformed("unknown durable write tag " + tagName(tag));
    };
  }

  static Batch readBatchFrame(int tag, WireReader in) {
    if (tag != TAG_BATCH) {
      throw in.malformed("expected tag " + tagName(TAG_BATCH) + ", got " + tagName(tag));
    }
    return readBatch(in);
  }

  private static Promise readPromise(WireReader in) {
    Ballot ballot = readBallot(in);
    long fromSlot = in.readI64("Promise.fromSlot");
    int count = in.readCount("Promise.accepted", PROMISE_PVALUES_MAX, PVALUE_BYTES_MIN);
    List<PValue> accepted = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      accepted.add(readPValue(in));
    }
    return new Promise(ballot, fromSlot, accepted, in.readBool("Promise.more"));
  }

  private static CatchUpReply readCatchUpReply(WireReader in) {
    long fromSlot = in.readI64("CatchUpReply.fromSlot");
    int count = in.readCount("CatchUpReply.batches", CATCH_UP_BATCHES_MAX, BATCH_BYTES_MIN);
    List<Batch> batches = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      batches.add(readBatch(in));
    }
    return new CatchUpReply(fromSlot, batches);
  }

  /** The read options after the principal, when the frame goes on (issue 20). */
  private static ClientRequest readClientRequest(WireReader in, ClientCommand command) {
    if (in.remaining() == 0) {
      return new ClientRequest(command);
    }
    ReadMode.Kind kind;
    try {
      kind = ReadMode.Kind.ofCode(in.readU8("ClientRequest.readMode"));
    } catch (IllegalArgumentException e) {
      throw in.malformed(e.getMessage());
    }
    long boundMillis = in.readI64("ClientRequest.boundMillis");
    long slotSeen = in.readI64("ClientRequest.slotSeen");
    if (slotSeen < 0) {
      throw in.malformed("ClientRequest.slotSeen must be >= 0, got " + slotSeen);
    }
    ClientRequest request;
    try {
      request = new ClientRequest(command, new ReadMode(kind, boundMillis), slotSeen);
    } catch (IllegalArgumentException e) {
      throw in.malformed(e.getMessage());
    }
    return request;
  }

  private static ClientReply readClientReply(WireReader in) {
    long clientId = in.readI64("ClientReply.clientId");
    long seq = in.readI64("ClientReply.seq");
    Outcome outcome = Outcome.ofCode(in.readU8("ClientReply.outcome"));
    byte[] payload = in.readBytes("ClientReply.payload", VALUE_BYTES_MAX);
    NodeId leaderHint = in.readBool("ClientReply.leaderHint present") ? readNodeId(in) : null;
    if (in.remaining() == 0) {
      return new ClientReply(clientId, seq, outcome, payload, leaderHint);
    }
    long slot = in.readI64("ClientReply.slot");
    if (slot < 1) {
      throw in.malformed("ClientReply.slot must be >= 1 when present, got " + slot);
    }
    return new ClientReply(clientId, seq, outcome, payload, leaderHint, slot);
  }

  static NodeId readNodeId(WireReader in) {
    return new NodeId(in.readUtf8("NodeId.address", ADDRESS_BYTES_MAX));
  }

  private static long readRound(WireReader in, String message) {
    long round = in.readI64(message + ".round");
    if (round < 1) {
      throw in.malformed(message + ".round must be >= 1, got " + round);
    }
    return round;
  }

  static Ballot readBallot(WireReader in) {
    return new Ballot(in.readI64("Ballot.round"), readNodeId(in));
  }

  static PValue readPValue(WireReader in) {
    return new PValue(readBallot(in), in.readI64("PValue.slot"), readBatch(in));
  }

  static Batch readBatch(WireReader in) {
    long stampTicks = in.readI64("Batch.stampTicks");
    int count = in.readCount("Batch.commands", BATCH_COMMANDS_MAX, COMMAND_BYTES_MIN);
    List<Command> commands = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      commands.add(readCommand(in));
    }
    return new Batch(stampTicks, commands);
  }

  static Command readCommand(WireReader in) {
    int kind = in.readU8("Command.kind");
    return switch (kind) {
      case COMMAND_CLIENT -> readClientCommand(in, false);
      case WireFormat.COMMAND_CLIENT_NAMED -> readNamedClientCommand(in, false);
      case COMMAND_RECONFIGURE ->
          new Reconfigure(
              in.readBool("Reconfigure.add"),
              Role.ofCode(in.readU8("Reconfigure.role")),
              readNodeId(in));
      default -> throw in.malformed("unknown command kind " + kind);
    };
  }

  /** {@code requestEnd}: a ClientRequest, whose principal may be left out at the frame's end. */
  static ClientCommand readClientCommand(WireReader in, boolean requestEnd) {
    long clientId = in.readI64("ClientCommand.clientId");
    long seq = in.readI64("ClientCommand.seq");
    long ackedBelow = in.readI64("ClientCommand.ackedBelow");
    Call call = readCall(in);
    return new ClientCommand(clientId, seq, ackedBelow, call, readPrincipal(in, requestEnd));
  }

  private static String readPrincipal(WireReader in, boolean requestEnd) {
    if (requestEnd && in.remaining() == 0) {
      return "";
    }
    String principal = in.readUtf8("ClientCommand.principal", ClientCommand.PRINCIPAL_LENGTH_MAX);
    if (requestEnd && principal.isEmpty() && in.remaining() == 0) {
      // One encoding per request: an empty principal is written only before read options.
      throw in.malformed(
          "ClientCommand.principal: an empty principal at the frame's end is"
              + " left out, not written");
    }
    return principal;
  }

  /** The named form: the object's name (never empty: that is the unnamed form) and class. */
  static ClientCommand readNamedClientCommand(WireReader in, boolean requestEnd) {
    long clientId = in.readI64("ClientCommand.clientId");
    long seq = in.readI64("ClientCommand.seq");
    long ackedBelow = in.readI64("ClientCommand.ackedBelow");
    String object = in.readUtf8("Call.object", WireFormat.OBJECT_BYTES_MAX);
    if (object.isEmpty()) {
      throw in.malformed("a named call with an empty object name (use the unnamed form)");
    }
    String objectClass = in.readUtf8("Call.objectClass", WireFormat.CLASS_BYTES_MAX);
    Call call = readCall(in);
    String principal = readPrincipal(in, requestEnd);
    return new ClientCommand(
        clientId,
        seq,
        ackedBelow,
        Call.on(object, objectClass, call.method(), call.args()),
        principal);
  }

  static Call readCall(WireReader in) {
    return new Call(
        in.readUtf8("Call.method", METHOD_BYTES_MAX), in.readBytes("Call.args", VALUE_BYTES_MAX));
  }
}
