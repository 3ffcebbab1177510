package org.concoord.core.replica;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.concoord.core.NodeId;
import org.concoord.core.Observer;
import org.concoord.core.codec.WireSizes;
import org.concoord.core.command.Batch;
import org.concoord.core.command.ClientCommand;
import org.concoord.core.command.Command;
import org.concoord.core.effects.Effects;

/**
 * The commands a leader has queued for proposal, bounded by count and, with the batches in flight,
 * by bytes; and the client requests queued or being decided here, so that a retry is not queued
 * twice. Batches are taken from it at most batchMax commands and batchBytesMax bytes at a time.
 *
 * <p>Not thread-safe. Does no I/O.
 */
final class LeaderQueue {
  private final ReplicaConfig config;
  private final Observer observer;
  private final ArrayDeque<Command> pending = new ArrayDeque<>();
  private final Set<RequestKey> queuedKeys = new HashSet<>();

  /** Encoded bytes of the commands queued. */
  private long pendingBytes;

  LeaderQueue(ReplicaConfig config, Observer observer) {
    this.config = config;
    this.observer = observer;
  }

  boolean isEmpty() {
    return pending.isEmpty();
  }

  int size() {
    return pending.size();
  }

  /**
   * Queues a command; returns false when the queue is full by count, or by bytes queued and in
   * flight ({@code inFlightBytes}).
   */
  boolean offer(Command command, long inFlightBytes) {
    if (pending.size() >= config.pendingMax()) {
      return false;
    }
    int bytes = WireSizes.command(command);
    long held = pendingBytes + inFlightBytes;
    if (held > 0 && held + bytes > config.budgets().leaderBytesMax()) {
      observer.mark("leader.overloaded-bytes");
      return false; // one command alone is always taken: it fits a Propose (checked before)
    }
    if (command instanceof ClientCommand call
        && !queuedKeys.add(new RequestKey(call.clientId(), call.seq()))) {
      observer.mark("leader.request-already-queued");
      return true;
    }
    pending.add(command);
    pendingBytes += bytes;
    return true;
  }

  /** Whether {@code call} is queued or being decided here (a retry of it will run anyway). */
  boolean isQueued(ClientCommand call) {
    return !queuedKeys.isEmpty()
        && queuedKeys.contains(new RequestKey(call.clientId(), call.seq()));
  }

  /** Why {@link #offer} refuses, for the client. */
  String overload(long inFlightBytes) {
    return "overloaded: the leader holds "
        + pending.size()
        + " queued requests (limit "
        + config.pendingMax()
        + ") and "
        + (pendingBytes + inFlightBytes)
        + " bytes of requests queued or being decided (limit "
        + config.budgets().leaderBytesMax()
        + " bytes); retry later";
  }

  /** (clientId, seq) went through execution: a retry of it may be queued again. */
  void executed(long clientId, long seq) {
    if (!queuedKeys.isEmpty()) {
      queuedKeys.remove(new RequestKey(clientId, seq));
    }
  }

  /** {@code batch}'s proposal was abandoned: its clients' retries may be queued again. */
  void forget(Batch batch) {
    for (Command command : batch.commands()) {
      if (command instanceof ClientCommand call) {
        queuedKeys.remove(new RequestKey(call.clientId(), call.seq()));
      }
    }
  }

  /** The leader stops: every queued client is told it is not the leader, naming {@code hint}. */
  void refuseAll(NodeId hint, Effects effects) {
    for (Command command : pending) {
      if (command instanceof ClientCommand call) {
        effects.reply(Leader.notLeader(call, hint));
      }
    }
    pending.clear();
    pendingBytes = 0;
    queuedKeys.clear();
  }

  /** The next batch's commands: at most batchMax and batchBytesMax bytes, but never none. */
  List<Command> take() {
    int size = Math.min(pending.size(), config.batchMax());
    List<Command> commands = new ArrayList<>(size);
    long bytes = 0;
    long bytesMax = config.budgets().batchBytesMax();
    while (commands.size() < size) {
      int next = WireSizes.command(pending.peek());
      if (!commands.isEmpty() && bytes + next > bytesMax) {
        observer.mark("leader.batch-bytes-bound");
        break;
      }
      commands.add(pending.poll());
      bytes += next;
    }
    pendingBytes -= bytes;
    return commands;
  }
}
