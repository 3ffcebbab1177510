package org.concoord.core.replica;

import java.util.Objects;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.concoord.core.Ballot;
import org.concoord.core.Mutation;
import org.concoord.core.NodeId;
import org.concoord.core.Observer;
import org.concoord.core.command.ClientCommand;
import org.concoord.core.effects.Effects;
import org.concoord.core.host.ObjectCatalog;
import org.concoord.core.host.Response;
import org.concoord.core.host.StateMachine;
import org.concoord.core.view.View;
import org.concoord.core.view.ViewHistory;

/**
 * The parts of one {@link Replica}, built and wired together once, and its time in ticks: what its
 * doors ({@link ClientDoor}, {@link PeerDoor}, {@link TickDuties}) and its {@link SlotLearner}
 * share. Also the facts derived from several parts (membership, the ballot known, the leaders heard
 * of).
 *
 * <p>Not thread-safe. Does no I/O. Reads no clock.
 */
final class ReplicaParts {
  final NodeId self;
  final ReplicaConfig config;
  final Set<Mutation> mutations;
  final Observer observer;
  final ViewHistory views;
  final DecisionLog log;
  final SlotExecutor executor;
  final Election election;
  final LeaderLease lease;
  final Leader leader;
  final Truncation truncation;
  final JoinDesk joins;
  final CatchUp catchUp;
  final DigestCheck digests;
  final LocalReads localReads;
  final FollowerReads followerReads;
  final ReadIndex readIndex;
  final Watches watches;
  final FailureDetector failures;
  final ReplicaSenders senders;

  /** The replica's ticks: they move only in {@link Replica#onTick}. */
  private long nowTicks;

  ReplicaParts(
      NodeId self,
      View initialView,
      StateMachine machine,
      ObjectCatalog catalog,
      byte[] fingerprint,
      ReplicaConfig config,
      RandomGenerator random,
      Set<Mutation> mutations,
      Observer observer) {
    this.self = Objects.requireNonNull(self, "self");
    this.config = Objects.requireNonNull(config, "config");
    this.mutations = Set.copyOf(mutations);
    this.observer = Objects.requireNonNull(observer, "observer");
    this.views = new ViewHistory(initialView);
    this.log =
        new DecisionLog(
            config.decisionRetentionSlots(),
            config.budgets().decisionsAheadBytesMax(),
            config.budgets().retainedBytesMax());
    this.executor = newExecutor(machine, catalog);
    this.election = new Election(config.electionTimeoutTicks(), random);
    this.lease = new LeaderLease(config, this.mutations, observer);
    this.leader =
        new Leader(self, config, this.mutations, observer, views, log, executor::clockTicks, lease);
    this.truncation = new Truncation(self, config, views, log);
    boolean outsideMutation = this.mutations.contains(Mutation.LEAD_FROM_OUTSIDE_VIEW);
    this.joins =
        new JoinDesk(self, fingerprint, views, log, leader, election, observer, outsideMutation);
    this.catchUp = new CatchUp(self, log, executor, views, config, observer);
    this.digests = new DigestCheck(self, observer);
    this.localReads = new LocalReads(executor);
    this.followerReads =
        new FollowerReads(
            this.mutations,
            observer,
            log,
            localReads,
            config.driftPermille(),
            config.leaseLagTicks());
    this.readIndex = newReadIndex();
    this.watches =
        new Watches(
            executor.objects(),
            executor,
            new WriteHistory(WriteHistory.BYTES_MAX_DEFAULT),
            this.mutations);
    this.failures =
        new FailureDetector(
            self,
            config.removeAfterTicks(),
            config.heartbeatTicks(),
            !outsideMutation,
            !this.mutations.contains(Mutation.PROBE_ONLY_AFTER_LONG_SILENCE));
    this.senders = newSenders();
  }

  private SlotExecutor newExecutor(StateMachine machine, ObjectCatalog catalog) {
    ReplyCache cache =
        new ReplyCache(
            config.sessionExpiryTicks(),
            config.sessionsMax(),
            config.repliesPerSessionMax(),
            config.budgets().replyCacheSessionBytesMax(),
            config.budgets().replyCacheBytesMax());
    return new SlotExecutor(
        self, machine, catalog, cache, views, config.stateMaxBytes(), mutations, observer);
  }

  private ReadIndex newReadIndex() {
    return new ReadIndex(
        config,
        mutations,
        observer,
        views,
        log,
        leader,
        lease,
        new ReadIndex.Runner() {
          @Override
          public Response run(ClientCommand command) {
            // Fresh again at answer time: the read may have waited while the clock went on.
            return executor.cache().hasFreshSession(command.clientId(), executor.clockTicks())
                ? localReads.run(command)
                : null;
          }

          @Override
          public void toLog(ClientCommand command, Effects effects) {
            ClientDoor.propose(leader, command, effects);
          }
        },
        election::leaderHint);
  }

  private ReplicaSenders newSenders() {
    return new ReplicaSenders(
        self,
        views,
        new ReplicaSenders.Known() {
          @Override
          public Ballot ballotHeard() {
            return election.ballotKnown();
          }

          @Override
          public Ballot ballotKnown() {
            return ReplicaParts.this.ballotKnown();
          }

          @Override
          public long slotExecutedMax() {
            return log.slotExecutedMax();
          }
        },
        mutations,
        observer);
  }

  long nowTicks() {
    return nowTicks;
  }

  /** The next tick: the replica's time moves on by one. */
  long tick() {
    return ++nowTicks;
  }

  /** Whether the newest view this replica knows includes it. */
  boolean isMember() {
    return views.latest().replicas().contains(self);
  }

  /** The highest ballot this replica knows of: its own if it leads, else its leader's. */
  Ballot ballotKnown() {
    Ballot known = election.ballotKnown();
    return leader.ballot().isAbove(known) ? leader.ballot() : known;
  }

  /** The leader of the highest ballot heard of from others (a member or an acceptor), or null. */
  NodeId leaderHeard() {
    Ballot heard = election.ballotKnown();
    return heard.equals(Ballot.ZERO) ? null : heard.leader();
  }
}
