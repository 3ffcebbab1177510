package org.concoord.core.replica;

import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.concoord.core.Ballot;
import org.concoord.core.Invariants;
import org.concoord.core.Mutation;
import org.concoord.core.NodeId;
import org.concoord.core.Observer;
import org.concoord.core.codec.WireFormat;
import org.concoord.core.codec.WireSizes;
import org.concoord.core.command.Batch;
import org.concoord.core.command.ClientCommand;
import org.concoord.core.command.ReadMode;
import org.concoord.core.command.Reconfigure;
import org.concoord.core.effects.Effects;
import org.concoord.core.host.ObjectCatalog;
import org.concoord.core.host.StateMachine;
import org.concoord.core.message.Accepted;
import org.concoord.core.message.Alive;
import org.concoord.core.message.CatchUpReply;
import org.concoord.core.message.CatchUpRequest;
import org.concoord.core.message.ClientReply;
import org.concoord.core.message.ClientRequest;
import org.concoord.core.message.Decision;
import org.concoord.core.message.Heartbeat;
import org.concoord.core.message.JoinRequest;
import org.concoord.core.message.Message;
import org.concoord.core.message.Outcome;
import org.concoord.core.message.Preempted;
import org.concoord.core.message.Promise;
import org.concoord.core.message.ReadConfirm;
import org.concoord.core.message.Reason;
import org.concoord.core.message.Refusal;
import org.concoord.core.message.Snapshot;
import org.concoord.core.message.SnapshotChunk;
import org.concoord.core.message.SnapshotFetch;
import org.concoord.core.message.SnapshotSaved;
import org.concoord.core.message.StateDigest;
import org.concoord.core.message.WatchRequest;
import org.concoord.core.view.View;
import org.concoord.core.view.ViewHistory;

/**
 * A replica: learns decisions, executes them strictly in slot order against the replicated object,
 * answers its clients, and, when it leads, runs the leader duties ({@link Leader}). Failure
 * detection ({@link Election}) decides when to campaign. A replica not in the newest view (not yet
 * added, or removed) never campaigns.
 *
 * <p>Three doors: {@link #onMessage}, {@link #onTick}, {@link #onClientRequest}. None blocks, does
 * I/O or throws for an expected condition; stale or duplicate input is ignored. A safety violation
 * (two values for one slot) throws {@link IllegalStateException}: the node must halt.
 *
 * <p>Not thread-safe. Does no I/O. Reads no clock. Driven by the node loop or the simulator.
 */
public final class Replica {
  /** Clients remembered as talking to this replica; replies go only to those. */
  static final int ATTACHED_CLIENTS_MAX = 1 << 16;

  private final NodeId self;
  private final ReplicaConfig config;
  private final Set<Mutation> mutations;
  private final Observer observer;
  private final ViewHistory views;
  private final DecisionLog log;
  private final SlotExecutor executor;
  private final Election election;
  private final Leader leader;
  private final Truncation truncation;
  private final LinkedHashSet<Long> attachedClients = new LinkedHashSet<>();
  private final JoinDesk joins;
  private long nowTicks;
  private final CatchUp catchUp;
  private final FailureDetector failures;
  private final QuorumCheck quorumCheck;
  private final ReplicaSenders senders;
  private final DigestCheck digests;
  private final LocalReads localReads;
  private final ReadIndex readIndex;
  private final LeaderLease lease;
  private final FollowerReads followerReads;
  private final Watches watches;
  private long divergenceAskedTicks = Long.MIN_VALUE / 2;

  public Replica(
      NodeId self,
      View initialView,
      StateMachine machine,
      ReplicaConfig config,
      RandomGenerator random,
      Set<Mutation> mutations,
      Observer observer) {
    this(self, initialView, machine, new byte[0], config, random, mutations, observer);
  }

  /**
   * A replica of {@code machine}, whose code has {@code fingerprint}: a replica whose code differs
   * is refused when it asks to join.
   */
  public Replica(
      NodeId self,
      View initialView,
      StateMachine machine,
      byte[] fingerprint,
      ReplicaConfig config,
      RandomGenerator random,
      Set<Mutation> mutations,
      Observer observer) {
    this(
        self,
        initialView,
        machine,
        ObjectCatalog.forMachine(machine),
        fingerprint,
        config,
        random,
        mutations,
        observer);
  }

  /**
   * A replica whose default object is {@code machine} and whose named objects are of the classes of
   * {@code catalog} (docs/architecture.md, "Named objects").
   */
  public Replica(
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
    ReplyCache cache =
        new ReplyCache(
            config.sessionExpiryTicks(),
            config.sessionsMax(),
            config.repliesPerSessionMax(),
            config.budgets().replyCacheSessionBytesMax(),
            config.budgets().replyCacheBytesMax());
    this.executor =
        new SlotExecutor(
            self, machine, catalog, cache, views, config.stateMaxBytes(), this.mutations, observer);
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
    this.readIndex =
        new ReadIndex(
            config,
            this.mutations,
            observer,
            views,
            log,
            leader,
            lease,
            new ReadIndex.Runner() {
              @Override
              public org.concoord.core.host.Response run(ClientCommand command) {
                // Fresh again at answer time: the read may have waited while the clock went on.
                return executor.cache().hasFreshSession(command.clientId(), executor.clockTicks())
                    ? localReads.run(command)
                    : null;
              }

              @Override
              public void toLog(ClientCommand command, Effects effects) {
                propose(command, effects);
              }
            },
            election::leaderHint);
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
    this.quorumCheck = new QuorumCheck(config.electionTimeoutTicks());
    this.senders =
        new ReplicaSenders(
            self,
            views,
            new ReplicaSenders.Known() {
              @Override
              public Ballot ballotHeard() {
                return election.ballotKnown();
              }

              @Override
              public Ballot ballotKnown() {
                return Replica.this.ballotKnown();
              }

              @Override
              public long slotExecutedMax() {
                return log.slotExecutedMax();
              }
            },
            this.mutations,
            observer);
  }

  /**
   * This replica joined through {@code node}'s reply: it trusts {@code node} as a member (for the
   * log and the leader's heartbeats) until it learns a view that names itself.
   */
  public void sponsoredBy(NodeId node) {
    senders.sponsoredBy(node);
  }

  public NodeId self() {
    return self;
  }

  public long slotExecutedMax() {
    return log.slotExecutedMax();
  }

  /** Whether the newest view this replica knows includes it. */
  public boolean isMember() {
    return views.latest().replicas().contains(self);
  }

  public boolean isLeader() {
    return leader.isActive();
  }

  public Ballot ballot() {
    return leader.ballot();
  }

  /** The leader of the highest ballot heard of from others (a member or an acceptor), or null. */
  private NodeId leaderHeard() {
    Ballot heard = election.ballotKnown();
    return heard.equals(Ballot.ZERO) ? null : heard.leader();
  }

  /** The highest ballot this replica knows of: its own if it leads, else its leader's. */
  public Ballot ballotKnown() {
    Ballot known = election.ballotKnown();
    return leader.ballot().isAbove(known) ? leader.ballot() : known;
  }

  /** The leader this replica believes in (itself if it leads), or null. */
  public NodeId leaderHint() {
    return leader.isActive() ? self : election.leaderHint();
  }

  /** A one-line account of this replica's protocol state, for status and failure reports. */
  public String describe() {
    return self
        + "["
        + leader.describe()
        + " known="
        + election.ballotKnown()
        + " executed="
        + log.slotExecutedMax()
        + " view="
        + views.latest()
        + "]";
  }

  /** The newest view this replica knows (it may govern only future slots). */
  public View latestView() {
    return views.latest();
  }

  public View viewAt(long slot) {
    return views.viewAt(slot);
  }

  /** Client sessions the reply cache holds (for metrics). */
  public int sessionCount() {
    return executor.cache().sessionCount();
  }

  /** The replicated clock (the highest leader stamp executed). */
  public long clockTicks() {
    return executor.clockTicks();
  }

  /** The principal of the bearer token hashing to {@code hashHex}, as of the last executed slot. */
  public String principalOfToken(String hashHex) {
    return executor.access().principalOfToken(hashHex);
  }

  /** The role the replicated policy gives {@code principal} as of the last executed slot. */
  public org.concoord.core.access.AccessRole roleOf(String principal) {
    return executor.access().roleOf(principal);
  }

  /** The replicated access policy as text (`concoord acl show` prints the same). */
  public String describeAccess() {
    return executor.access().describe();
  }

  // ---- door 1: a client's request --------------------------------------------------------------

  /**
   * Whether {@code call} is a retry of a call this replica knows: answered from its reply cache, or
   * queued or being decided at its leader. The runtime's memory breaker never refuses one, since a
   * refusal says the call did not run, and this one ran or will.
   */
  public boolean answersFromCache(ClientCommand call) {
    ReplyCache.Admission admission = executor.cache().peek(call);
    return admission == ReplyCache.Admission.DUPLICATE
        || admission == ReplyCache.Admission.STALE
        || leader.isQueued(call);
  }

  public void onClientRequest(ClientRequest request, Effects effects) {
    clientRequest(request, effects);
    leader.proposeIfDue(effects); // the step's one propose pass
  }

  private void clientRequest(ClientRequest request, Effects effects) {
    ClientCommand call = request.command();
    attach(call.clientId());
    int bytes = WireSizes.command(call);
    if (bytes > WireSizes.COMMAND_BYTES_MAX) {
      // Proposing it would make a Propose over the frame bound (review F3): refuse it here.
      observer.mark("replica.request-too-large");
      effects.reply(
          rejected(
              call,
              Reason.TOO_LARGE,
              "the request is "
                  + bytes
                  + " bytes encoded,"
                  + " over the bound of "
                  + WireSizes.COMMAND_BYTES_MAX
                  + " bytes for one command (the"
                  + " frame bound of "
                  + WireFormat.FRAME_LENGTH_MAX
                  + " bytes, less the room a Propose"
                  + " needs)"));
      return;
    }
    if (digests.isDiverged()) {
      effects.reply(Leader.notLeader(call, null)); // the client tries another replica
      return;
    }
    if (request.read().anyReplica()
        && !leader.isActive()
        && isMember()
        && executor.cache().hasFreshSession(call.clientId(), executor.clockTicks())
        && followerReads.tryAnswer(request, nowTicks, effects)) {
      return; // a sequential or bounded read this replica's state may answer (issue 20)
    }
    if (leader.phase() == Leader.Phase.FOLLOWER) {
      // A replica outside the view (removed, or not yet added) knows no current leader: its
      // hint would be stale and could bounce clients between two such replicas forever.
      effects.reply(Leader.notLeader(call, isMember() ? election.leaderHint() : null));
      return;
    }
    String refusal = executor.refusal(call);
    if (refusal != null) {
      // Refused by the policy as this leader knows it: not worth a slot. Execution checks again
      // in slot order, which is what makes every replica refuse alike.
      observer.mark("access.refused-early");
      effects.reply(rejected(call, Reason.ACCESS_DENIED, refusal));
      return;
    }
    if (answeredFromCache(call, effects)) {
      return;
    }
    if (leader.isActive()
        && executor.cache().hasFreshSession(call.clientId(), executor.clockTicks())
        && localReads.qualifies(call)) {
      // A read: no slot, and not in the reply cache; only for a client whose session exists, so
      // that a client acknowledging replies without a session still means an expired one (the
      // first call, read or not, opens the session through the log). docs/protocol.md, "Reads".
      ReadMode.Kind kind = request.read().kind();
      if (kind == ReadMode.Kind.SEQUENTIAL && followerReads.tryAnswer(request, nowTicks, effects)) {
        return;
      }
      if (!readIndex.offer(call, kind != ReadMode.Kind.LINEARIZABLE, nowTicks, effects)) {
        effects.reply(
            rejected(
                call,
                Reason.OVERLOADED,
                "overloaded: "
                    + readIndex.waitingCount()
                    + " reads wait for the leader to confirm it leads (limit "
                    + config.pendingMax()
                    + "); retry later"));
      }
      return;
    }
    propose(call, effects);
  }

  private void propose(ClientCommand call, Effects effects) {
    if (!leader.offer(call)) {
      effects.reply(rejected(call, Reason.OVERLOADED, leader.overload()));
    } else {
      leader.proposeDue();
    }
  }

  /** Answers a retry whose outcome is already replicated; false if the call must be proposed. */
  private boolean answeredFromCache(ClientCommand call, Effects effects) {
    ReplyCache cache = executor.cache();
    switch (cache.peek(call)) {
      case DUPLICATE -> {
        observer.mark("reply-cache.duplicate-answered");
        var cached = cache.cached(call.clientId(), call.seq());
        Outcome outcome = cached == null ? Outcome.BLOCKED : cached.outcome();
        byte[] payload = cached == null ? new byte[0] : cached.payload();
        effects.reply(
            new ClientReply(
                call.clientId(),
                call.seq(),
                outcome,
                payload,
                null,
                cached == null ? 0 : log.slotExecutedMax()));
        return true;
      }
      case STALE -> {
        return true; // the client holds the reply already
      }
      case WRONG_PRINCIPAL -> {
        // Another principal's session: neither its cached replies nor its locks are this one's.
        observer.mark("access.wrong-principal-early");
        effects.reply(rejected(call, Reason.WRONG_PRINCIPAL, SlotExecutor.WRONG_PRINCIPAL));
        return true;
      }
      default -> {
        return false;
      }
    }
  }

  /**
   * A client opens, resumes or cancels a watch (issue 21): any replica serves it, leader or not,
   * from its own executed state; a diverged replica serves none (the client tries another).
   */
  public void onWatchRequest(WatchRequest request, Effects effects) {
    if (digests.isDiverged() || !isMember()) {
      effects.push(
          Watches.ended(
              new Watches.Key(request.clientId(), request.watchId()),
              log.slotExecutedMax(),
              Watches.ELSEWHERE));
      return;
    }
    watches.onRequest(request, log.slotExecutedMax(), effects);
  }

  /** The connection of watch {@code (clientId, watchId)} closed: it ends here. */
  public void watchClosed(long clientId, long watchId) {
    watches.closed(clientId, watchId);
  }

  /** Watches served here, for status and metrics. */
  public int watchCount() {
    return watches.size();
  }

  /** An operator's membership change; only an active leader takes it. */
  public boolean submitReconfigure(Reconfigure change, Effects effects) {
    boolean taken = offerReconfigure(change);
    leader.proposeIfDue(effects);
    return taken;
  }

  private boolean offerReconfigure(Reconfigure change) {
    boolean taken = leader.isActive() && leader.offer(change);
    if (taken) {
      leader.proposeDue();
    }
    return taken;
  }

  // ---- door 2: a peer's message ----------------------------------------------------------------

  public void onMessage(NodeId from, Message message, Effects effects) {
    receive(from, message, effects);
    leader.proposeIfDue(effects); // the step's one propose pass
  }

  private void receive(NodeId from, Message message, Effects effects) {
    if (!senders.admits(from, message)) {
      if (message instanceof Heartbeat heartbeat
          && heartbeat.slotDecidedMax() > log.slotExecutedMax()) {
        // A leader this replica cannot place in its view: perhaps its view is old. Learn what was
        // decided from the replicas it knows, which is how it will come to know that leader.
        catchUp.askPeersUnlessRecent(leaderHeard(), nowTicks, effects);
      }
      return;
    }
    if (leader.isActive()) {
      failures.heard(from, nowTicks);
    }
    if (message instanceof Decision decision) {
      learn(decision.slot(), decision.batch(), effects);
    } else if (message instanceof Accepted accepted) {
      lease.answered(
          from, accepted.ballot(), leader.ballot(), leader.proposedTicks(accepted.slot()));
      Decision decided = leader.onAccepted(from, accepted, effects);
      if (decided != null) {
        learn(decided.slot(), decided.batch(), effects);
        truncation.afterDecision(effects); // after execution: it reads the executed slot
      }
    } else if (message instanceof Promise promise) {
      if (leader.phase() != Leader.Phase.FOLLOWER && promise.ballot().equals(leader.ballot())) {
        // The fence: no proposal until any older lease has run out.
        lease.promised(from, promise.ballot(), nowTicks);
      }
      leader.onPromise(from, promise, effects);
    } else if (message instanceof Preempted preempted) {
      onPreempted(preempted, effects);
    } else if (message instanceof Heartbeat heartbeat) {
      onHeartbeat(from, heartbeat, effects);
    } else if (message instanceof CatchUpRequest request) {
      catchUp.onRequest(from, request, nowTicks, effects);
    } else if (message instanceof CatchUpReply reply) {
      onCatchUpReply(from, reply, effects);
    } else if (message instanceof SnapshotChunk chunk) {
      onSnapshotChunk(from, chunk, effects);
    } else if (message instanceof SnapshotFetch fetch) {
      catchUp.onFetch(from, fetch, nowTicks, effects);
    } else if (message instanceof StateDigest digest) {
      digests.onDigest(from, digest, views.latest());
    } else if (message instanceof SnapshotSaved saved) {
      truncation.reported(from, saved.slot());
    } else if (message instanceof ClientRequest request) {
      clientRequest(request, effects);
    } else if (message instanceof Alive alive) {
      onAlive(alive, effects);
    } else if (message instanceof ReadConfirm confirm) {
      readIndex.onConfirm(from, confirm, nowTicks, effects);
    } else if (message instanceof JoinRequest request) {
      joins.onJoinRequest(from, request, effects);
    }
  }

  private void onPreempted(Preempted preempted, Effects effects) {
    if (election.observe(preempted.promised())) {
      failures.newerBallotUnheard(); // a leader it does not hear: perhaps it was removed
    }
    if (preempted.rejected().equals(leader.ballot())
        && preempted.promised().isAbove(leader.ballot())) {
      leader.stepDown(preempted.promised(), effects);
      election.restartWait();
    }
  }

  /** A follower answered a heartbeat; if it knows a higher ballot, this leader is deposed. */
  private void onAlive(Alive alive, Effects effects) {
    if (election.observe(alive.ballot())) {
      failures.newerBallotUnheard();
    }
    if (leader.phase() != Leader.Phase.FOLLOWER && alive.ballot().isAbove(leader.ballot())) {
      observer.mark("leader.deposed-by-alive");
      leader.stepDown(alive.ballot(), effects);
      election.restartWait();
    }
  }

  private void onHeartbeat(NodeId from, Heartbeat heartbeat, Effects effects) {
    Ballot ballot = heartbeat.ballot();
    if (!from.equals(ballot.leader())) {
      return;
    }
    if (ballot.isBelow(election.ballotKnown())) {
      // A deposed leader that has not noticed yet (paused, cut off): tell it, so it steps down
      // now rather than at its next proposal.
      effects.send(from, new Alive(election.ballotKnown(), log.slotExecutedMax()));
      return;
    }
    if (ballot.isAbove(leader.ballot()) && leader.phase() != Leader.Phase.FOLLOWER) {
      leader.stepDown(ballot, effects);
    }
    if (!views.latest().replicas().contains(from)
        && heartbeat.slotDecidedMax() <= log.slotExecutedMax()
        && !mutations.contains(Mutation.LEAD_FROM_OUTSIDE_VIEW)) {
      // A leader outside the newest view this replica knows, and not ahead of it: a removed
      // replica that campaigned on a stale view. Its heartbeats must not hold off the members'
      // elections, or it leads from outside the view until something else changes.
      observer.mark("replica.heartbeat-from-outside-view");
      return;
    }
    election.heard(ballot);
    followerReads.leaderHeard(ballot, heartbeat.slotDecidedMax(), nowTicks);
    failures.heardLeader(nowTicks);
    catchUp.leaderHeard(heartbeat.slotDecidedMax());
    if (config.removeAfterTicks() > 0) {
      effects.send(from, new Alive(ballot, log.slotExecutedMax()));
    }
    truncation.report(from, ballot, effects);
    if (heartbeat.slotDecidedMax() > log.slotExecutedMax()) {
      catchUp.askLeader(from, nowTicks, effects);
    }
  }

  /**
   * The replicated state after the last executed slot, for the node to keep on disk, or null if
   * nothing has executed yet.
   *
   * @throws RuntimeException if the object cannot be snapshotted (refused at load, normally)
   */
  public Snapshot snapshot() {
    return catchUp.capture(nowTicks);
  }

  /**
   * Starts from {@code snapshot} (read from this node's disk at restart), before any other input;
   * the rest comes as for any replica: the log from peers, or phase 1 from the acceptors.
   *
   * @throws IllegalArgumentException if the object bytes do not restore
   */
  public void restore(Snapshot snapshot) {
    if (log.slotExecutedMax() != 0) {
      throw new IllegalStateException(
          "restore only a fresh replica; this one executed " + log.slotExecutedMax());
    }
    executor.restore(snapshot);
    log.restartAt(snapshot.slot());
    watches.restored(snapshot.slot(), new Effects());
  }

  /**
   * A chunk of a snapshot this replica asked for. Once complete and accepted ({@link CatchUp}):
   * replaces the state, then executes what it already knows beyond it. A replica that was
   * campaigning with a stale log stops: it will campaign again from the restored slot if it must. A
   * diverged replica takes its majority peer's snapshot even at or below its own executed slot and
   * executes again from there.
   */
  private void onSnapshotChunk(NodeId from, SnapshotChunk chunk, Effects effects) {
    long slotMin = digests.isDiverged() ? digests.divergedSlot() : log.slotExecutedMax() + 1;
    Snapshot snapshot = catchUp.onChunk(from, chunk, slotMin, nowTicks, effects);
    if (snapshot == null) {
      return;
    }
    if (!digests.isDiverged() && snapshot.slot() <= log.slotExecutedMax()) {
      // Overtaken while its chunks came: this replica executed past it meanwhile (it led, or the
      // log came). Only a diverged replica goes back to an earlier slot.
      observer.mark("replica.snapshot-overtaken");
      catchUp.restored();
      return;
    }
    try {
      executor.restore(snapshot);
    } catch (RuntimeException e) { // another code, or damaged: nothing changed
      observer.mark("replica.snapshot-refused");
      return;
    }
    boolean resync = snapshot.slot() <= log.slotExecutedMax();
    log.restartAt(snapshot.slot());
    catchUp.restored();
    digests.restored(snapshot.slot());
    watches.restored(snapshot.slot(), effects);
    if (leader.phase() != Leader.Phase.FOLLOWER) {
      leader.stepDown(ballotKnown(), effects);
    }
    if (resync) {
      observer.mark("replica.divergence-recovered");
      observer.onResynced(self, snapshot.slot());
    } else {
      observer.mark("replica.snapshot-restored");
      observer.onRestored(
          self, snapshot.slot(), snapshot.object().length, snapshot.sessions().size());
    }
    executeReady(effects);
  }

  /**
   * Learns the slots of a catch-up reply. A reply is cut by count and bytes, so if it moved this
   * replica on, the same peer is asked at once for what follows: with no leader heartbeat to prompt
   * the next request (none exists, or this replica cannot place it yet), a long log would otherwise
   * come one reply per election timeout.
   */
  private void onCatchUpReply(NodeId from, CatchUpReply reply, Effects effects) {
    long executedBefore = log.slotExecutedMax();
    long slot = reply.fromSlot();
    for (Batch batch : reply.batches()) {
      learn(slot++, batch, effects);
    }
    catchUp.answered();
    if (log.slotExecutedMax() > executedBefore) {
      catchUp.askNext(from, nowTicks, effects);
    }
  }

  // ---- door 3: time ----------------------------------------------------------------------------

  /**
   * The node's clock lost time (its thread was paused past the runtime's catch-up): a lease counted
   * in its ticks may have run out in real time, so none holds until renewed.
   */
  public void clockJumped() {
    lease.clockJumped(nowTicks);
  }

  /** Whether this replica campaigns or leads (its phase is not the follower's). */
  public boolean isCampaigning() {
    return leader.phase() != Leader.Phase.FOLLOWER;
  }

  /** Whether this replica leads but proposes nothing yet: its fence ({@link LeaderLease}). */
  public boolean isFenced() {
    return leader.isActive() && lease.fenced(nowTicks);
  }

  public void onTick(Effects effects) {
    nowTicks++;
    leader.now(nowTicks); // the leader's time for this step and those up to the next tick
    tick(effects);
    leader.proposeIfDue(effects); // the step's one propose pass
  }

  private void tick(Effects effects) {
    maybeResign(effects);
    catchUp.onTick(nowTicks, effects);
    readIndex.onTick(nowTicks, effects);
    if (digests.isDiverged()) {
      recoverFromDivergence(effects);
      return;
    }
    if (leader.onTick(effects) && isMember()) {
      leader.campaign(election.nextBallot(self, leader.ballot()), effects);
      return;
    }
    if (leader.isActive()) {
      if (lease.fenceLifted(nowTicks)) {
        leader.proposeDue(); // what waited for the fence
      }
      leaderDuties(effects);
      return;
    }
    failures.following();
    quorumCheck.reset();
    if (!election.tick()) {
      return;
    }
    election.restartWait();
    boolean probe = failures.probeBeforeCampaign(nowTicks, log.slotExecutedMax());
    if (views.latest().replicas().contains(self) && probe) {
      // Silent for longer than a member may be: perhaps it was removed meanwhile. Ask the peers
      // what was decided first, so a removed replica learns it rather than campaigning on a stale
      // view and disturbing the instance; campaign at the next timeout if nothing changes.
      observer.mark("replica.probe-before-campaign");
      catchUp.askPeersInSilence(leaderHeard(), effects);
    } else if (views.latest().replicas().contains(self) && catchUp.isReceivingSnapshot(nowTicks)) {
      // Behind by more than the log retained, and the state is arriving: campaign once it is
      // here (or stalls). Campaigning meanwhile, a replica removed while it was away won on its
      // old view and led from outside the new one (seed 72000593).
      observer.mark("replica.campaign-deferred-receiving");
    } else if (views.latest().replicas().contains(self)) {
      leader.campaign(election.nextBallot(self, leader.ballot()), effects);
    } else {
      // Not a member as far as this replica knows (new, restarted empty, or removed): it must
      // not lead, but a leaderless silence may mean its knowledge is stale, so it asks the
      // replicas it knows for the decisions it lacks.
      observer.mark("replica.catch-up-unprompted");
      catchUp.askPeersInSilence(leaderHeard(), effects);
    }
  }

  /**
   * A leader (or candidate) that is no longer in the newest view, having executed its own removal,
   * stops: a member must lead, and this replica asks to be added again (the runtime's joiner).
   */
  private void maybeResign(Effects effects) {
    if (leader.phase() != Leader.Phase.FOLLOWER
        && !isMember()
        && !mutations.contains(Mutation.LEAD_FROM_OUTSIDE_VIEW)) {
      leader.resign(effects);
      election.restartWait();
    }
  }

  /**
   * Diverged: serve nothing, lead nothing, and ask a replica of the majority for a snapshot of its
   * current state (another one every few resend intervals, in case that one is gone).
   */
  private void recoverFromDivergence(Effects effects) {
    if (leader.phase() != Leader.Phase.FOLLOWER) {
      leader.stepDown(ballotKnown(), effects);
    }
    if (nowTicks - divergenceAskedTicks < 5L * config.resendTicks()) {
      return;
    }
    List<NodeId> majority = digests.majority();
    if (majority.isEmpty()) {
      return;
    }
    NodeId peer = majority.get((int) ((nowTicks / (5L * config.resendTicks())) % majority.size()));
    divergenceAskedTicks = nowTicks;
    catchUp.askSnapshot(peer, effects);
  }

  /** The runtime wrote a snapshot of slots 1..{@code slot} durably (0 at start: it keeps them). */
  public void snapshotSaved(long slot) {
    truncation.savedHere(slot);
  }

  /**
   * The default object's instance when a code upgrade replaced the machine the replica was given
   * (which the runtime reads its metrics from), else null.
   */
  public Object upgradedInstance() {
    org.concoord.core.host.ObjectHost host = executor.objects().defaultEntry().host();
    return host == null ? null : host.instance();
  }

  /** The state's size in bytes as last measured by the state quota (0 if it has none). */
  public long stateBytes() {
    return executor.stateBytes();
  }

  /**
   * What an operator must know about this replica's state, or null: a divergence (it stopped
   * serving and recovers from a snapshot), or the state quota reached.
   */
  public String stateNotice() {
    if (digests.isDiverged()) {
      return "DIVERGED: "
          + digests.divergence()
          + "; not serving, recovering from a snapshot of "
          + digests.majority();
    }
    return executor.stateNotice();
  }

  /**
   * The active leader's per-tick duties beyond the protocol: stepping down when cut off from its
   * acceptors (check-quorum), removing unreachable members.
   */
  private void leaderDuties(Effects effects) {
    Reconfigure removal = failures.leading(views.latest(), nowTicks);
    // Owed an answer: a proposal's Accepted, or a read index round's ReadConfirm (a leader with
    // only reads waiting, cut off from its acceptors, would otherwise hold its clients forever).
    boolean owed = leader.awaitsAccepted() || readIndex.waitingCount() > 0;
    if (quorumCheck.lost(views.latest(), owed, failures, nowTicks)) {
      leader.quorumLost(effects);
      quorumCheck.reset();
      election.restartWait();
      return;
    }
    if (removal != null && offerReconfigure(removal)) {
      observer.mark("leader.remove-unreachable");
    }
  }

  // ---- learning and execution ------------------------------------------------------------------

  private void learn(long slot, Batch batch, Effects effects) {
    Invariants.decidedOnce(self, slot, log.record(slot, batch), batch);
    observer.onDecided(self, slot, batch);
    catchUp.announced(slot);
    if (mutations.contains(Mutation.EXECUTE_OUT_OF_ORDER) && slot > log.slotExecutedMax() + 1) {
      executor.execute(slot, batch, outputs(effects, slot));
    }
    executeReady(effects);
  }

  /** Executes decided slots in order from the first unexecuted one, as far as they are known. */
  private void executeReady(Effects effects) {
    for (Batch next = log.nextToExecute(); next != null; next = log.nextToExecute()) {
      executor.execute(
          log.slotExecutedMax() + 1, next, outputs(effects, log.slotExecutedMax() + 1));
      log.markExecuted();
      watches.afterSlot(log.slotExecutedMax(), executor.touched(), ballotKnown(), effects);
      if (!isMember()) {
        watches.endAll(log.slotExecutedMax(), effects); // removed: it learns no more slots
      }
      maybeDigest(effects);
    }
    truncation.executedHere();
    maybeResign(effects);
    leader.proposeDue(); // the window moved
    readIndex.executed(effects);
  }

  /** After an agreed slot (a multiple of the digest interval), compares state digests. */
  private void maybeDigest(Effects effects) {
    long slot = log.slotExecutedMax();
    int every = config.digestEverySlots();
    if (every == 0 || slot % every != 0 || digests.isDiverged()) {
      return;
    }
    Snapshot state;
    try {
      state = catchUp.capture(nowTicks);
    } catch (RuntimeException e) { // an object without snapshots: nothing to compare
      return;
    }
    digests.executed(state, views.latest(), effects);
  }

  /** The outputs of executing {@code slot}: its replies say so (a client's slot seen). */
  private SlotExecutor.Outputs outputs(Effects effects, long slot) {
    return new SlotExecutor.Outputs() {
      @Override
      public void reply(long clientId, long seq, Outcome outcome, byte[] payload) {
        if (attachedClients.contains(clientId) && !digests.isDiverged()) {
          effects.reply(new ClientReply(clientId, seq, outcome, payload, null, slot));
        }
      }

      @Override
      public void executed(long clientId, long seq) {
        leader.executed(clientId, seq);
      }

      @Override
      public void ran(long slot, ClientCommand call, org.concoord.core.host.Response response) {
        watches.written(slot, call, response, effects);
      }
    };
  }

  private void attach(long clientId) {
    if (attachedClients.add(clientId) && attachedClients.size() > ATTACHED_CLIENTS_MAX) {
      Iterator<Long> eldest = attachedClients.iterator();
      eldest.next();
      eldest.remove();
    }
  }

  private static ClientReply rejected(ClientCommand call, Reason reason, String why) {
    return new ClientReply(
        call.clientId(), call.seq(), Outcome.REJECTED, Refusal.encode(reason, why), null);
  }
}
