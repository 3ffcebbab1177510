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
import static org.concoord.core.codec.WireFormat.TAG_PREEMPTED;
import static org.concoord.core.codec.WireFormat.TAG_PREPARE;
import static org.concoord.core.codec.WireFormat.TAG_PROMISE;
import static org.concoord.core.codec.WireFormat.TAG_PROMISE_WRITE;
import static org.concoord.core.codec.WireFormat.TAG_PROPOSE;
import static org.concoord.core.codec.WireFormat.TAG_SNAPSHOT_CHUNK;
import static org.concoord.core.codec.WireFormat.TAG_SNAPSHOT_FETCH;
import static org.concoord.core.codec.WireFormat.TAG_SNAPSHOT_SAVED;
import static org.concoord.core.codec.WireFormat.TAG_STATE_DIGEST;
import static org.concoord.core.codec.WireFormat.TAG_TRUNCATE_WRITE;
import static org.concoord.core.codec.WireFormat.VALUE_BYTES_MAX;

import java.util.List;
import org.concoord.core.Ballot;
import org.concoord.core.NodeId;
import org.concoord.core.PValue;
import org.concoord.core.command.Batch;
import org.concoord.core.command.Call;
import org.concoord.core.command.ClientCommand;
import org.concoord.core.command.Command;
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
import org.concoord.core.message.Preempted;
import org.concoord.core.message.Prepare;
import org.concoord.core.message.Promise;
import org.concoord.core.message.Propose;
import org.concoord.core.message.ReadCheck;
import org.concoord.core.message.ReadConfirm;
import org.concoord.core.message.Snapshot;
import org.concoord.core.message.SnapshotChunk;
import org.concoord.core.message.SnapshotFetch;
import org.concoord.core.message.SnapshotSaved;
import org.concoord.core.message.StateDigest;
import org.concoord.core.message.WatchEvent;
import org.concoord.core.message.WatchRequest;

/**
 * Writes the tag and fields of each record, in the layout of {@code docs/protocol.md}. Framing
 * (length, version) is {@link MessageCodec}'s. Bounds the receiver would enforce are enforced here
 * too, so that a sender learns of an oversized message from an exception rather than from a dropped
 * connection.
 *
 * <p>Stateless. Does no I/O.
 */
final class MessageEncoder {
  private MessageEncoder() {}

  static void writeMessage(WireWriter out, Message message) {
    if (message instanceof Prepare m) {
      out.writeU8(TAG_PREPARE);
      writeBallot(out, m.ballot());
      out.writeI64(m.fromSlot());
    } else if (message instanceof Promise m) {
      out.writeU8(TAG_PROMISE);
      writeBallot(out, m.ballot());
      out.writeI64(m.fromSlot());
      writeCount(out, m.accepted(), PROMISE_PVALUES_MAX, "Promise.accepted");
      for (PValue pvalue : m.accepted()) {
        writePValue(out, pvalue);
      }
      out.writeBool(m.more());
    } else if (message instanceof Propose m) {
      out.writeU8(TAG_PROPOSE);
      writePValue(out, m.pvalue());
    } else if (message instanceof Accepted m) {
      out.writeU8(TAG_ACCEPTED);
      writeBallot(out, m.ballot());
      out.writeI64(m.slot());
    } else if (message instanceof Preempted m) {
      out.writeU8(TAG_PREEMPTED);
      writeBallot(out, m.rejected());
      writeBallot(out, m.promised());
    } else if (message instanceof Decision m) {
      out.writeU8(TAG_DECISION);
      out.writeI64(m.slot());
      writeBatch(out, m.batch());
    } else if (message instanceof Heartbeat m) {
      out.writeU8(TAG_HEARTBEAT);
      writeBallot(out, m.ballot());
      out.writeI64(m.slotDecidedMax());
    } else {
      writeReplicationOrClientMessage(out, message);
    }
  }

  // Split from writeMessage only to keep each method short; the order of the tags is the table's.
  private static void writeReplicationOrClientMessage(WireWriter out, Message message) {
    if (message instanceof CatchUpRequest m) {
      out.writeU8(TAG_CATCH_UP_REQUEST);
      out.writeI64(m.fromSlot());
    } else if (message instanceof CatchUpReply m) {
      out.writeU8(TAG_CATCH_UP_REPLY);
      out.writeI64(m.fromSlot());
      writeCount(out, m.batches(), CATCH_UP_BATCHES_MAX, "CatchUpReply.batches");
      for (Batch batch : m.batches()) {
        writeBatch(out, batch);
      }
    } else if (message instanceof ClientRequest m) {
      out.writeU8(
          m.command().call().isNamed() ? WireFormat.TAG_CLIENT_REQUEST_NAMED : TAG_CLIENT_REQUEST);
      writeClientCommand(out, m.command(), m.hasReadOptions());
      if (m.hasReadOptions()) { // after the principal, which is then always written
        out.writeU8(m.read().kind().code);
        out.writeI64(m.read().boundMillis());
        out.writeI64(m.slotSeen());
      }
    } else if (message instanceof ClientReply m) {
      out.writeU8(TAG_CLIENT_REPLY);
      out.writeI64(m.clientId());
      out.writeI64(m.seq());
      out.writeU8(m.outcome().code);
      out.writeBytes(m.payload(), VALUE_BYTES_MAX, "ClientReply.payload");
      writeOptionalNodeId(out, m.leaderHint());
      if (m.slot() > 0) {
        out.writeI64(m.slot());
      }
    } else if (message instanceof Snapshot m) {
      SnapshotCodec.write(out, m);
    } else if (message instanceof Alive m) {
      out.writeU8(TAG_ALIVE);
      writeBallot(out, m.ballot());
      out.writeI64(m.slotExecutedMax());
    } else if (message instanceof ReadCheck m) {
      out.writeU8(WireFormat.TAG_READ_CHECK);
      writeBallot(out, m.ballot());
      out.writeI64(m.round());
    } else if (message instanceof ReadConfirm m) {
      out.writeU8(WireFormat.TAG_READ_CONFIRM);
      writeBallot(out, m.ballot());
      out.writeI64(m.round());
    } else {
      writeStateTransferOrWatchMessage(out, message);
    }
  }

  // Split from writeReplicationOrClientMessage only to keep each method short; the tags' order is
  // still the table's.
  private static void writeStateTransferOrWatchMessage(WireWriter out, Message message) {
    if (message instanceof SnapshotChunk m) {
      out.writeU8(TAG_SNAPSHOT_CHUNK);
      out.writeI64(m.slot());
      out.writeI64(m.metaBytes());
      out.writeI64(m.totalBytes());
      out.writeI64(m.offset());
      out.writeBytes(m.data(), SNAPSHOT_CHUNK_BYTES_MAX, "SnapshotChunk.data");
    } else if (message instanceof SnapshotFetch m) {
      out.writeU8(TAG_SNAPSHOT_FETCH);
      out.writeI64(m.slot());
      out.writeI64(m.offset());
    } else if (message instanceof StateDigest m) {
      out.writeU8(TAG_STATE_DIGEST);
      out.writeI64(m.slot());
      out.writeBytes(m.digest(), StateDigest.DIGEST_BYTES, "StateDigest.digest");
    } else if (message instanceof SnapshotSaved m) {
      out.writeU8(TAG_SNAPSHOT_SAVED);
      out.writeI64(m.slot());
    } else if (message instanceof WatchRequest m) {
      out.writeU8(WireFormat.TAG_WATCH_REQUEST);
      out.writeU8(m.mode().code);
      out.writeI64(m.fromSlot());
      out.writeBool(m.command().call().isNamed());
      writeClientCommand(out, m.command(), false);
    } else if (message instanceof WatchEvent m) {
      out.writeU8(WireFormat.TAG_WATCH_EVENT);
      out.writeI64(m.clientId());
      out.writeI64(m.watchId());
      out.writeI64(m.slot());
      out.writeU8(m.kind().code);
      out.writeBytes(m.payload(), VALUE_BYTES_MAX, "WatchEvent.payload");
    } else {
      MembershipCodec.write(out, message);
    }
  }

  static void writeDurableWrite(WireWriter out, DurableWrite write) {
    if (write instanceof DurableWrite.PromiseWrite w) {
      out.writeU8(TAG_PROMISE_WRITE);
      writeBallot(out, w.ballot());
    } else if (write instanceof DurableWrite.AcceptWrite w) {
      out.writeU8(TAG_ACCEPT_WRITE);
      writePValue(out, w.pvalue());
    } else if (write instanceof DurableWrite.TruncateWrite w) {
      out.writeU8(TAG_TRUNCATE_WRITE);
      out.writeI64(w.slotBelow());
    } else {
      throw new IllegalStateException("no encoding for " + write.getClass().getName());
    }
  }

  static void writeBatchFrame(WireWriter out, Batch batch) {
    out.writeU8(TAG_BATCH);
    writeBatch(out, batch);
  }

  static void writeNodeId(WireWriter out, NodeId node) {
    out.writeUtf8(node.address(), ADDRESS_BYTES_MAX, "NodeId.address");
  }

  static void writeOptionalNodeId(WireWriter out, NodeId node) {
    out.writeBool(node != null);
    if (node != null) {
      writeNodeId(out, node);
    }
  }

  static void writeBallot(WireWriter out, Ballot ballot) {
    out.writeI64(ballot.round());
    writeNodeId(out, ballot.leader());
  }

  static void writePValue(WireWriter out, PValue pvalue) {
    writeBallot(out, pvalue.ballot());
    out.writeI64(pvalue.slot());
    writeBatch(out, pvalue.batch());
  }

  static void writeBatch(WireWriter out, Batch batch) {
    out.writeI64(batch.stampTicks());
    writeCount(out, batch.commands(), BATCH_COMMANDS_MAX, "Batch.commands");
    for (Command command : batch.commands()) {
      if (command instanceof ClientCommand c) {
        out.writeU8(c.call().isNamed() ? WireFormat.COMMAND_CLIENT_NAMED : COMMAND_CLIENT);
        writeClientCommand(out, c, true);
      } else if (command instanceof Reconfigure r) {
        out.writeU8(COMMAND_RECONFIGURE);
        out.writeBool(r.add());
        out.writeU8(r.role().code);
        writeNodeId(out, r.node());
      } else {
        throw new IllegalStateException("no encoding for " + command.getClass().getName());
      }
    }
  }

  /**
   * A client command; its principal last, always inside a batch, and in a ClientRequest only when
   * there is one (a node relaying for its caller): what a client sends has no principal field.
   */
  static void writeClientCommand(WireWriter out, ClientCommand command, boolean principalAlways) {
    out.writeI64(command.clientId());
    out.writeI64(command.seq());
    out.writeI64(command.ackedBelow());
    Call call = command.call();
    if (call.isNamed()) { // the named form: object and class between the ids and the method
      out.writeUtf8(call.object(), WireFormat.OBJECT_BYTES_MAX, "Call.object");
      out.writeUtf8(call.objectClass(), WireFormat.CLASS_BYTES_MAX, "Call.objectClass");
    }
    writeCall(out, call);
    if (principalAlways || !command.principal().isEmpty()) {
      out.writeUtf8(
          command.principal(), ClientCommand.PRINCIPAL_LENGTH_MAX, "ClientCommand.principal");
    }
  }

  static void writeCall(WireWriter out, Call call) {
    out.writeUtf8(call.method(), METHOD_BYTES_MAX, "Call.method");
    out.writeBytes(call.args(), VALUE_BYTES_MAX, "Call.args");
  }

  private static void writeCount(WireWriter out, List<?> list, int countMax, String field) {
    if (list.size() > countMax) {
      throw new IllegalArgumentException(
          field + " has " + list.size() + " elements, more than " + countMax);
    }
    out.writeI32(list.size());
  }
}
