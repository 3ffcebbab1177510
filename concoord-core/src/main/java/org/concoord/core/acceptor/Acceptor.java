package org.concoord.core.acceptor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.concoord.core.Ballot;
import org.concoord.core.Invariants;
import org.concoord.core.Mutation;
import org.concoord.core.NodeId;
import org.concoord.core.Observer;
import org.concoord.core.PValue;
import org.concoord.core.codec.WireSizes;
import org.concoord.core.effects.DurableWrite;
import org.concoord.core.effects.Effects;
import org.concoord.core.message.Accepted;
import org.concoord.core.message.Alive;
import org.concoord.core.message.Heartbeat;
import org.concoord.core.message.Message;
import org.concoord.core.message.Preempted;
import org.concoord.core.message.Prepare;
import org.concoord.core.message.Promise;
import org.concoord.core.message.Propose;
import org.concoord.core.message.ReadCheck;
import org.concoord.core.message.ReadConfirm;
import org.concoord.core.message.Truncate;

/**
 * The Paxos acceptor: the promised ballot and the pvalue accepted per slot. Every change is emitted
 * as a durable write ahead of the reply that reveals it, so a crash that loses unsynced writes also
 * loses the replies that depended on them.
 *
 * <p>Not thread-safe. Does no I/O. Reads no clock. Driven by the node loop or the simulator.
 */
public final class Acceptor {
  /** Most bytes of pvalues in one part of a Promise (a larger single pvalue goes alone). */
  public static final long PROMISE_PART_BYTES = 4L << 20;

  private final NodeId self;
  private final Set<Mutation> mutations;
  private final Observer observer;
  private Ballot promised = Ballot.ZERO;
  private long slotTruncatedBelow = 1;
  private final NavigableMap<Long, PValue> accepted = new TreeMap<>();

  /** The highest slot ever accepted (truncation forgets the pvalue, not this). */
  private long slotAcceptedMax;

  private final AcceptorSenders senders;

  public Acceptor(NodeId self, Set<Mutation> mutations, Observer observer) {
    this.self = Objects.requireNonNull(self, "self");
    this.mutations = Set.copyOf(mutations);
    this.observer = Objects.requireNonNull(observer, "observer");
    this.senders = new AcceptorSenders(this.mutations, observer);
  }

  public Acceptor(NodeId self) {
    this(self, Set.of(), Observer.NONE);
  }

  /** Rebuilds an acceptor from the durable writes it made, in the order it made them. */
  public static Acceptor recover(
      NodeId self, List<DurableWrite> writes, Set<Mutation> mutations, Observer observer) {
    Acceptor acceptor = new Acceptor(self, mutations, observer);
    for (DurableWrite write : writes) {
      acceptor.replay(write);
    }
    return acceptor;
  }

  private void replay(DurableWrite write) {
    if (write instanceof DurableWrite.PromiseWrite p) {
      promised = max(promised, p.ballot());
    } else if (write instanceof DurableWrite.AcceptWrite a) {
      promised = max(promised, a.pvalue().ballot());
      accepted.put(a.pvalue().slot(), a.pvalue());
      slotAcceptedMax = Math.max(slotAcceptedMax, a.pvalue().slot());
    } else if (write instanceof DurableWrite.TruncateWrite t) {
      truncateBelow(t.slotBelow());
      // A compacted log keeps no pvalue below the truncation: it held them all the same.
      slotAcceptedMax = Math.max(slotAcceptedMax, t.slotBelow() - 1);
    }
  }

  public NodeId self() {
    return self;
  }

  public Ballot promised() {
    return promised;
  }

  /** The accepted pvalues by slot; read-only view for oracles and status. */
  public Map<Long, PValue> accepted() {
    return java.util.Collections.unmodifiableMap(accepted);
  }

  public void onMessage(NodeId from, Message message, Effects effects) {
    if (!senders.admits(from, message, promised, slotAcceptedMax)) {
      return;
    }
    if (message instanceof Prepare prepare) {
      onPrepare(from, prepare, effects);
    } else if (message instanceof Propose propose) {
      onPropose(from, propose, effects);
    } else if (message instanceof Truncate truncate) {
      onTruncate(truncate, effects);
    } else if (message instanceof Heartbeat heartbeat) {
      // The leader's failure detector hears acceptors through this even when no call flows.
      effects.send(from, new Alive(heartbeat.ballot(), 0));
    } else if (message instanceof ReadCheck check) {
      onReadCheck(from, check, effects);
    }
    // Anything else is not for an acceptor: ignored, as stale or misrouted input is.
  }

  /**
   * Promises only a ballot strictly above the promised one. A replica keeps no ballot across a
   * restart, so a restarted leader may campaign again with a ballot its earlier incarnation used;
   * refusing the equal ballot lets at most one incarnation gather a majority for it, so a delayed
   * Propose of the dead incarnation can never be mistaken for the live one's. The price: a Prepare
   * retransmitted after a lost Promise is refused too, and the leader campaigns again later.
   */
  private void onPrepare(NodeId from, Prepare prepare, Effects effects) {
    Ballot ballot = prepare.ballot();
    if (prepare.fromSlot() < slotTruncatedBelow) {
      // The candidate is behind what this acceptor forgot: its promise would report nothing for
      // slots that are decided, and the candidate could fill them with no-ops. It must catch up
      // from the replicas first; no answer keeps it from leading meanwhile.
      observer.mark("acceptor.prepare.behind-truncation");
      return;
    }
    if (!ballot.isAbove(promised)) {
      observer.mark("acceptor.prepare.refused");
      effects.send(from, new Preempted(ballot, promised));
      return;
    }
    Invariants.promiseNeverDecreases(self, promised, ballot);
    promised = ballot;
    effects.persist(new DurableWrite.PromiseWrite(ballot));
    List<PValue> reported = new ArrayList<>(accepted.tailMap(prepare.fromSlot(), true).values());
    // Cut by bytes: all of it in one frame could be over the bound (review F3). Parts go in one
    // step, in order, on one connection; the leader counts this promise at the last.
    int start = 0;
    long bytes = 0;
    for (int i = 0; i < reported.size(); i++) {
      long next = WireSizes.pvalue(reported.get(i));
      if (i > start && bytes + next > PROMISE_PART_BYTES) {
        effects.send(
            from, new Promise(ballot, prepare.fromSlot(), reported.subList(start, i), true));
        observer.mark("acceptor.promise-split");
        start = i;
        bytes = 0;
      }
      bytes += next;
    }
    effects.send(
        from,
        new Promise(ballot, prepare.fromSlot(), reported.subList(start, reported.size()), false));
  }

  /**
   * A read index round: confirms that no ballot above the leader's is promised here, so that no
   * later leader can have had a value chosen through this acceptor before this answer. Changes
   * nothing (reading needs no durable write).
   */
  private void onReadCheck(NodeId from, ReadCheck check, Effects effects) {
    if (promised.isAbove(check.ballot())) {
      observer.mark("acceptor.read-check.preempted");
      effects.send(from, new Preempted(check.ballot(), promised));
      return;
    }
    effects.send(from, new ReadConfirm(check.ballot(), check.round()));
  }

  private void onPropose(NodeId from, Propose propose, Effects effects) {
    PValue pvalue = propose.pvalue();
    if (WireSizes.batch(pvalue.batch()) > WireSizes.BATCH_BYTES_MAX) {
      // No leader proposes this much in a slot: it could not be reported in a Promise.
      observer.mark("acceptor.propose.too-large");
      return;
    }
    Ballot ballot = pvalue.ballot();
    if (ballot.isBelow(promised)) {
      if (!mutations.contains(Mutation.ACCEPT_BELOW_PROMISE)) {
        observer.mark("acceptor.propose.preempted");
        effects.send(from, new Preempted(ballot, promised));
        return;
      }
    } else {
      Invariants.promiseNeverDecreases(self, promised, ballot);
      promised = ballot;
    }
    if (!mutations.contains(Mutation.ACCEPT_BELOW_PROMISE)) {
      Invariants.acceptsAtOrAbovePromise(self, promised, ballot);
    }
    PValue previous = accepted.get(pvalue.slot());
    if (pvalue.equals(previous)) {
      // A duplicate Propose: the write is already made (or queued ahead of this reply).
      effects.send(from, new Accepted(ballot, pvalue.slot()));
      return;
    }
    accepted.put(pvalue.slot(), pvalue);
    slotAcceptedMax = Math.max(slotAcceptedMax, pvalue.slot());
    effects.persist(new DurableWrite.AcceptWrite(pvalue));
    effects.send(from, new Accepted(ballot, pvalue.slot()));
  }

  /**
   * Forgets the pvalues below the slot. The write lets a compacted log drop them too and still
   * remember, after a restart, that phase 1 from below that slot must be refused.
   */
  private void onTruncate(Truncate truncate, Effects effects) {
    if (truncate.slotBelow() <= slotTruncatedBelow) {
      return;
    }
    truncateBelow(truncate.slotBelow());
    effects.persist(new DurableWrite.TruncateWrite(truncate.slotBelow()));
    observer.mark("acceptor.truncated");
  }

  private void truncateBelow(long slotBelow) {
    if (slotBelow <= slotTruncatedBelow) {
      return;
    }
    slotTruncatedBelow = slotBelow;
    accepted.headMap(slotTruncatedBelow).clear();
  }

  public long slotTruncatedBelow() {
    return slotTruncatedBelow;
  }

  private static Ballot max(Ballot a, Ballot b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
