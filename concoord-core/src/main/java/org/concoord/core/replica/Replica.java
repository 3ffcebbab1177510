package org.concoord.core.replica;

import java.util.Set;
import java.util.random.RandomGenerator;
import org.concoord.core.Ballot;
import org.concoord.core.Mutation;
import org.concoord.core.NodeId;
import org.concoord.core.Observer;
import org.concoord.core.command.ClientCommand;
import org.concoord.core.command.Reconfigure;
import org.concoord.core.effects.Effects;
import org.concoord.core.host.ObjectCatalog;
import org.concoord.core.host.StateMachine;
import org.concoord.core.message.ClientRequest;
import org.concoord.core.message.Message;
import org.concoord.core.message.Snapshot;
import org.concoord.core.message.WatchRequest;
import org.concoord.core.view.View;

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
  private final ReplicaParts parts;
  private final ClientDoor clients;
  private final PeerDoor peers;
  private final TickDuties duties;
  private final SlotLearner learner;

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
   * {@code catalog} (docs/architecture.md, "Named objects"). Its parts are wired in {@link
   * ReplicaParts}; its doors are {@link ClientDoor}, {@link PeerDoor} and {@link TickDuties}, and
   * {@link SlotLearner} learns and executes.
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
    this.parts =
        new ReplicaParts(
            self, initialView, machine, catalog, fingerprint, config, random, mutations, observer);
    this.clients = new ClientDoor(parts);
    this.duties = new TickDuties(parts);
    this.learner = new SlotLearner(parts, clients, duties);
    this.peers = new PeerDoor(parts, clients, learner);
  }

  /**
   * This replica joined through {@code node}'s reply: it trusts {@code node} as a member (for the
   * log and the leader's heartbeats) until it learns a view that names itself.
   */
  public void sponsoredBy(NodeId node) {
    parts.senders.sponsoredBy(node);
  }

  public NodeId self() {
    return parts.self;
  }

  public long slotExecutedMax() {
    return parts.log.slotExecutedMax();
  }

  /** Whether the newest view this replica knows includes it. */
  public boolean isMember() {
    return parts.isMember();
  }

  public boolean isLeader() {
    return parts.leader.isActive();
  }

  public Ballot ballot() {
    return parts.leader.ballot();
  }

  /** The highest ballot this replica knows of: its own if it leads, else its leader's. */
  public Ballot ballotKnown() {
    return parts.ballotKnown();
  }

  /** The leader this replica believes in (itself if it leads), or null. */
  public NodeId leaderHint() {
    return parts.leader.isActive() ? parts.self : parts.election.leaderHint();
  }

  /** A one-line account of this replica's protocol state, for status and failure reports. */
  public String describe() {
    return parts.self
        + "["
        + parts.leader.describe()
        + " known="
        + parts.election.ballotKnown()
        + " executed="
        + parts.log.slotExecutedMax()
        + " view="
        + parts.views.latest()
        + "]";
  }

  /** The newest view this replica knows (it may govern only future slots). */
  public View latestView() {
    return parts.views.latest();
  }

  public View viewAt(long slot) {
    return parts.views.viewAt(slot);
  }

  /** Client sessions the reply cache holds (for metrics). */
  public int sessionCount() {
    return parts.executor.cache().sessionCount();
  }

  /** The replicated clock (the highest leader stamp executed). */
  public long clockTicks() {
    return parts.executor.clockTicks();
  }

  /** The principal of the bearer token hashing to {@code hashHex}, as of the last executed slot. */
  public String principalOfToken(String hashHex) {
    return parts.executor.access().principalOfToken(hashHex);
  }

  /** The role the replicated policy gives {@code principal} as of the last executed slot. */
  public org.concoord.core.access.AccessRole roleOf(String principal) {
    return parts.executor.access().roleOf(principal);
  }

  /** The replicated access policy as text (`concoord acl show` prints the same). */
  public String describeAccess() {
    return parts.executor.access().describe();
  }

  // ---- door 1: a client's request --------------------------------------------------------------

  /**
   * Whether {@code call} is a retry of a call this replica knows: answered from its reply cache, or
   * queued or being decided at its leader. The runtime's memory breaker never refuses one, since a
   * refusal says the call did not run, and this one ran or will.
   */
  public boolean answersFromCache(ClientCommand call) {
    return clients.answersFromCache(call);
  }

  public void onClientRequest(ClientRequest request, Effects effects) {
    clients.request(request, effects);
    parts.leader.proposeIfDue(effects); // the step's one propose pass
  }

  /**
   * A client opens, resumes or cancels a watch (issue 21): any replica serves it, leader or not,
   * from its own executed state; a diverged replica serves none (the client tries another).
   */
  public void onWatchRequest(WatchRequest request, Effects effects) {
    clients.watchRequest(request, effects);
  }

  /** The connection of watch {@code (clientId, watchId)} closed: it ends here. */
  public void watchClosed(long clientId, long watchId) {
    parts.watches.closed(clientId, watchId);
  }

  /** Watches served here, for status and metrics. */
  public int watchCount() {
    return parts.watches.size();
  }

  /** An operator's membership change; only an active leader takes it. */
  public boolean submitReconfigure(Reconfigure change, Effects effects) {
    boolean taken = duties.offerReconfigure(change);
    parts.leader.proposeIfDue(effects);
    return taken;
  }

  // ---- door 2: a peer's message ----------------------------------------------------------------

  public void onMessage(NodeId from, Message message, Effects effects) {
    peers.receive(from, message, effects);
    parts.leader.proposeIfDue(effects); // the step's one propose pass
  }

  /**
   * The replicated state after the last executed slot, for the node to keep on disk, or null if
   * nothing has executed yet.
   *
   * @throws RuntimeException if the object cannot be snapshotted (refused at load, normally)
   */
  public Snapshot snapshot() {
    return parts.catchUp.capture(parts.nowTicks());
  }

  /**
   * Starts from {@code snapshot} (read from this node's disk at restart), before any other input;
   * the rest comes as for any replica: the log from peers, or phase 1 from the acceptors.
   *
   * @throws IllegalArgumentException if the object bytes do not restore
   */
  public void restore(Snapshot snapshot) {
    learner.restore(snapshot);
  }

  // ---- door 3: time ----------------------------------------------------------------------------

  /**
   * The node's clock lost time (its thread was paused past the runtime's catch-up): a lease counted
   * in its ticks may have run out in real time, so none holds until renewed.
   */
  public void clockJumped() {
    parts.lease.clockJumped(parts.nowTicks());
  }

  /** Whether this replica campaigns or leads (its phase is not the follower's). */
  public boolean isCampaigning() {
    return parts.leader.phase() != Leader.Phase.FOLLOWER;
  }

  /** Whether this replica leads but proposes nothing yet: its fence ({@link LeaderLease}). */
  public boolean isFenced() {
    return parts.leader.isActive() && parts.lease.fenced(parts.nowTicks());
  }

  public void onTick(Effects effects) {
    long nowTicks = parts.tick();
    parts.leader.now(nowTicks); // the leader's time for this step and those up to the next tick
    duties.tick(effects);
    parts.leader.proposeIfDue(effects); // the step's one propose pass
  }

  /** The runtime wrote a snapshot of slots 1..{@code slot} durably (0 at start: it keeps them). */
  public void snapshotSaved(long slot) {
    parts.truncation.savedHere(slot);
  }

  /**
   * The default object's instance when a code upgrade replaced the machine the replica was given
   * (which the runtime reads its metrics from), else null.
   */
  public Object upgradedInstance() {
    org.concoord.core.host.ObjectHost host = parts.executor.objects().defaultEntry().host();
    return host == null ? null : host.instance();
  }

  /** The state's size in bytes as last measured by the state quota (0 if it has none). */
  public long stateBytes() {
    return parts.executor.stateBytes();
  }

  /**
   * What an operator must know about this replica's state, or null: a divergence (it stopped
   * serving and recovers from a snapshot), or the state quota reached.
   */
  public String stateNotice() {
    DigestCheck digests = parts.digests;
    if (digests.isDiverged()) {
      return "DIVERGED: "
          + digests.divergence()
          + "; not serving, recovering from a snapshot of "
          + digests.majority();
    }
    return parts.executor.stateNotice();
  }
}
