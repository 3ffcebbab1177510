package org.concoord.runtime;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.logging.Logger;
import org.concoord.core.Ballot;
import org.concoord.core.NodeId;
import org.concoord.core.effects.Effects;
import org.concoord.core.host.ObjectCatalog;
import org.concoord.core.host.ObjectHost;
import org.concoord.core.host.StateMachine;
import org.concoord.core.join.Joiner;
import org.concoord.core.join.JoiningReplica;
import org.concoord.core.message.ClientReply;
import org.concoord.core.message.ClientRequest;
import org.concoord.core.message.Message;
import org.concoord.core.message.Snapshot;
import org.concoord.core.message.StatusReply;
import org.concoord.core.message.WatchRequest;
import org.concoord.core.replica.Replica;
import org.concoord.core.replica.ReplicaConfig;
import org.concoord.core.view.Role;
import org.concoord.core.view.View;
import org.concoord.runtime.metrics.NodeMetrics;
import org.concoord.runtime.storage.Durability;
import org.concoord.runtime.storage.ReplicaStore;
import org.concoord.runtime.storage.StorageConfig;

/**
 * A replica process's role: the bootstrap replica starts at once with a view of itself alone (it
 * serves once the first acceptor joins); a joining replica first asks to be added and starts from
 * the genesis view in the reply, catching up from the others. The joining (and rejoining after a
 * removal) is the core's {@link JoiningReplica}; this adds the data directory (written when {@link
 * SnapshotCadence} says), the memory breaker and the metrics (through a {@link ReplicaObserver}).
 */
final class ReplicaRole implements NodeRole {
  private static final Logger LOG = Logger.getLogger(ReplicaRole.class.getName());

  private final NodeId self;
  private final StateMachine machine;

  /** The classes of named objects, and how objects are created. */
  private final ObjectCatalog catalog;

  private final byte[] fingerprint;
  private final ReplicaConfig config;

  /** The join gating; it creates {@link #replica} through {@link #start}. */
  private final JoiningReplica joining;

  private final ReplicaStore store;

  /** When the data directory is written to (with a store). */
  private final SnapshotCadence cadence;

  private long viewEpoch = -1;
  private final Consumer<String> fatal;

  /**
   * Where this replica's durable state would go ({@code --data-dir}, {@code --durability}). Nothing
   * is written yet: replica snapshots come with issue 7's replica part.
   */
  private final StorageConfig storage;

  private Replica replica;
  private final NodeMetrics metrics;

  /** The heap looked at before a large request is taken or a snapshot captured. */
  private final MemoryBreaker memory = MemoryBreaker.current();

  ReplicaRole(
      NodeId self,
      StateMachine machine,
      ObjectCatalog catalog,
      byte[] fingerprint,
      ReplicaConfig config,
      List<NodeId> bootstrap,
      StorageConfig storage,
      Consumer<String> fatal,
      NodeMetrics metrics,
      java.nio.file.Path restoreFrom) {
    this.self = self;
    this.catalog = catalog;
    this.metrics = metrics;
    this.storage = storage;
    this.machine = machine;
    this.fingerprint = fingerprint.clone();
    this.config = config;
    this.fatal = fatal;
    this.joining =
        new JoiningReplica(self, fingerprint, Joiner.RETRY_TICKS, this::start, LOG::warning, fatal);
    this.store = openStore(storage, fatal);
    this.cadence = new SnapshotCadence(self, store, storage, config, memory, fatal);
    if (store != null) {
      String previous = StopRecord.takePrevious(storage.dataDir());
      if (previous != null) {
        LOG.warning(
            self
                + " stopped on its object's fault in its last run: "
                + previous
                + " (if it stops at the same slot again, the call fails alike every time)");
      }
      store.observe(metrics.storage());
    }
    // Recovered: a member already, as its recovered views say (if not, it asks at its first tick).
    boolean recovered = store != null && recover();
    if (!recovered && bootstrap.isEmpty()) {
      joining.start(View.initial(List.of(self), List.of()));
      if (restoreFrom != null) {
        restoreBackup(restoreFrom);
      }
    } else if (!recovered) {
      joining.join(bootstrap);
    }
  }

  private static ReplicaStore openStore(StorageConfig storage, Consumer<String> fatal) {
    if (storage.durability() != Durability.FSYNC) {
      return null;
    }
    try {
      return new ReplicaStore(storage.dataDir());
    } catch (IOException e) {
      fatal.accept("cannot use the data directory " + storage.dataDir() + ": " + e);
      return null;
    }
  }

  /**
   * Starts from the snapshot (or, before the first one, the genesis view) an earlier run left in
   * the data directory; false if there is none. A damaged snapshot stops the node: guessing its
   * state could lose what it had executed.
   */
  private boolean recover() {
    try {
      Optional<Snapshot> snapshot = store.loadSnapshot();
      if (snapshot.isPresent()) {
        joining.start(snapshot.get().views().get(0).view());
        replica.restore(snapshot.get());
        cadence.restartedFrom(snapshot.get().slot());
        LOG.info(
            self
                + " restarted from its snapshot of slot "
                + snapshot.get().slot()
                + " in "
                + storage.dataDir()
                + "; the rest of the log comes from the others");
        return true;
      }
      Optional<View> genesis = store.loadGenesis();
      if (genesis.isPresent()) {
        joining.start(genesis.get());
        cadence.restartedFromGenesis();
        LOG.info(
            self
                + " restarted from its genesis view (no snapshot yet) in "
                + storage.dataDir()
                + "; the log comes from the others");
        return true;
      }
      return false;
    } catch (IOException | RuntimeException e) {
      fatal.accept("cannot recover from " + storage.dataDir() + ": " + e.getMessage());
      return false;
    }
  }

  /**
   * Starts a new instance from a backup: the backup's objects, access policy, clock and state
   * measure at the backup's slot, in this replica's own genesis view (no acceptor yet: the first to
   * join completes it, as for an empty instance). The old instance's client sessions and views stay
   * behind. Replicas that join later take a snapshot, since the slots up to the backup's are not in
   * this instance's log. A restart before its first snapshot is written restores the backup again.
   */
  private void restoreBackup(java.nio.file.Path file) {
    try {
      Snapshot saved = org.concoord.runtime.storage.BackupFile.read(file).snapshot();
      Snapshot restored =
          new Snapshot(
              saved.slot(),
              saved.clockTicks(),
              List.of(new org.concoord.core.view.ViewHistory.Entry(1, replica.viewAt(1))),
              saved.sessionsScannedTicks(),
              List.of(),
              saved.size(),
              saved.object(),
              saved.access());
      replica.restore(restored); // on disk at its first tick (persist: a new slot and epoch)
      LOG.info(
          self
              + " restored a new instance from the backup "
              + file
              + " at slot "
              + saved.slot()
              + " (object "
              + saved.object().length
              + " bytes)");
    } catch (IOException | RuntimeException e) {
      fatal.accept("cannot restore from the backup " + file + ": " + e.getMessage());
    }
  }

  @Override
  public Snapshot backup() {
    return replica == null ? null : replica.snapshot();
  }

  /** {@link #joining}'s starter: the replica, counted by the metrics. */
  private Replica start(View genesis) {
    replica =
        new Replica(
            self,
            genesis,
            machine,
            catalog,
            fingerprint,
            config,
            new SplittableRandom(),
            Set.of(),
            new ReplicaObserver(metrics.observer(), cadence::executed));
    if (store != null) {
      replica.snapshotSaved(store.savedSlot()); // from now on only what is on disk counts
    }
    return replica;
  }

  @Override
  public void onPeerMessage(NodeId from, Message message, Effects effects) {
    joining.onMessage(from, message, effects);
  }

  @Override
  public void onClientRequest(ClientRequest request, Effects effects) {
    if (replica == null) {
      return;
    }
    ClientReply refused = memory.refusal(replica, request.command());
    if (refused != null) {
      metrics.observer().mark("memory.refused");
      effects.reply(refused);
      return;
    }
    replica.onClientRequest(request, effects);
  }

  @Override
  public void onWatchRequest(WatchRequest request, Effects effects) {
    joining.onWatchRequest(request, effects);
  }

  @Override
  public void watchClosed(long clientId, long watchId) {
    if (replica != null) {
      replica.watchClosed(clientId, watchId);
    }
  }

  @Override
  public void clockJumped() {
    if (replica != null) {
      replica.clockJumped();
    }
  }

  @Override
  public void onTick(Effects effects) {
    joining.onTick(effects);
    if (replica != null) {
      logView();
      cadence.persist(replica);
      if (store != null) {
        replica.snapshotSaved(store.savedSlot());
      }
    }
  }

  private void logView() {
    View latest = replica.latestView();
    if (latest.epoch() != viewEpoch) {
      viewEpoch = latest.epoch();
      LOG.info(self + " learned view " + latest);
    }
  }

  @Override
  public long slotExecuting() {
    Replica current = replica; // racy read from the watchdog: a hint for its message
    return current == null ? 0 : current.slotExecutedMax() + 1;
  }

  @Override
  public String stopped(long slot, String reason) {
    return store == null ? reason : StopRecord.write(storage.dataDir(), slot, reason);
  }

  @Override
  public String principalOfToken(String hashHex) {
    return replica == null ? null : replica.principalOfToken(hashHex);
  }

  @Override
  public boolean isAdmin(String principal) {
    return replica == null
        ? NodeRole.super.isAdmin(principal)
        : replica.roleOf(principal) == org.concoord.core.access.AccessRole.ADMIN;
  }

  @Override
  public StatusReply status() {
    if (replica == null) {
      return new StatusReply(self, Role.REPLICA, false, Ballot.ZERO, null, 0, null);
    }
    return new StatusReply(
        self,
        Role.REPLICA,
        replica.isLeader(),
        replica.ballotKnown(),
        replica.leaderHint(),
        replica.slotExecutedMax(),
        replica.latestView(),
        replica.stateBytes(),
        replica.stateNotice());
  }

  @Override
  public Object hostedObject() {
    // The machine may be wrapped by the call watchdog: the metrics want the object behind it.
    StateMachine hosted = machine instanceof CallWatch watch ? watch.watched() : machine;
    Object upgraded = replica == null ? null : replica.upgradedInstance();
    if (upgraded != null) {
      return upgraded; // a code upgrade replaced the object: its metrics come from the new one
    }
    return replica != null && hosted instanceof ObjectHost host ? host.instance() : null;
  }

  @Override
  public int sessions() {
    return replica == null ? 0 : replica.sessionCount();
  }

  @Override
  public String describe() {
    return joining.describe();
  }

  @Override
  public void close() {
    if (store != null) {
      store.close(); // waits for a snapshot being written; idempotent
    }
  }
}
