package org.concoord.core.replica;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.concoord.core.NodeId;
import org.concoord.core.Observer;
import org.concoord.core.codec.SnapshotStream;
import org.concoord.core.effects.Effects;
import org.concoord.core.message.Snapshot;
import org.concoord.core.message.StateDigest;
import org.concoord.core.view.View;

/**
 * Divergence detection (etcd's corruption check, ZooKeeper's digests, CometBFT's app hash): after
 * every slot that is a multiple of the digest interval, each replica hashes its replicated state
 * (SHA-256 of the snapshot's meta part and object bytes: object, sessions with cached replies,
 * views, clock, state size) and sends it to the other replicas of the view. Once a majority of the
 * view's replicas sent one digest for a slot, a replica whose own digest differs has diverged
 * (nondeterministic object code, a corrupted value, a bug): it says so, stops serving and asks one
 * of that majority for a snapshot of its current state. Digests of a few recent slots are kept.
 *
 * <p>Not thread-safe. Does no I/O. Reads no clock.
 */
final class DigestCheck {
  /** Digest slots remembered; older ones are dropped. */
  static final int SLOTS_KEPT = 8;

  private final NodeId self;
  private final Observer observer;
  private final TreeMap<Long, Map<NodeId, byte[]>> bySlot = new TreeMap<>();
  private long divergedSlot;
  private String divergence;
  private List<NodeId> majority = List.of();

  DigestCheck(NodeId self, Observer observer) {
    this.self = self;
    this.observer = observer;
  }

  /** Whether this replica's state differs from the majority's and awaits a snapshot. */
  boolean isDiverged() {
    return divergedSlot > 0;
  }

  /** The digest slot at which this replica found itself diverged (0 if it is not). */
  long divergedSlot() {
    return divergedSlot;
  }

  /** What the divergence was, for logs and status; null if none. */
  String divergence() {
    return divergence;
  }

  /** The replicas whose digests formed the majority this one differs from. */
  List<NodeId> majority() {
    return majority;
  }

  /** Slot {@code slot} executed and is a digest slot: hash {@code state} and tell the others. */
  void executed(Snapshot state, View view, Effects effects) {
    byte[] digest = digest(state);
    StateDigest message = new StateDigest(state.slot(), digest);
    for (NodeId peer : view.replicas()) {
      if (!peer.equals(self)) {
        effects.send(peer, message);
      }
    }
    record(self, state.slot(), digest, view);
  }

  void onDigest(NodeId from, StateDigest message, View view) {
    if (from.equals(self) || !view.replicas().contains(from)) {
      observer.mark("replica.digest-from-stranger");
      return;
    }
    record(from, message.slot(), message.digest(), view);
  }

  /** A snapshot of slot {@code slot} replaced this replica's state. */
  void restored(long slot) {
    if (divergedSlot > 0 && slot >= divergedSlot) {
      divergedSlot = 0;
      divergence = null;
      majority = List.of();
    }
    bySlot.headMap(slot, true).clear();
  }

  private void record(NodeId node, long slot, byte[] digest, View view) {
    if (!bySlot.isEmpty() && slot < bySlot.firstKey() && bySlot.size() >= SLOTS_KEPT) {
      return; // too old to matter
    }
    Map<NodeId, byte[]> digests = bySlot.computeIfAbsent(slot, s -> new TreeMap<>());
    if (digests.size() < view.replicas().size() + 1) {
      digests.putIfAbsent(node, digest);
    }
    while (bySlot.size() > SLOTS_KEPT) {
      bySlot.pollFirstEntry();
    }
    check(slot, view);
  }

  private void check(long slot, View view) {
    Map<NodeId, byte[]> digests = bySlot.get(slot);
    byte[] own = digests == null ? null : digests.get(self);
    if (own == null || divergedSlot > 0) {
      return;
    }
    int needed = view.replicas().size() / 2 + 1;
    for (byte[] candidate : digests.values()) {
      List<NodeId> agreeing = new ArrayList<>();
      digests.forEach(
          (node, digest) -> {
            if (Arrays.equals(digest, candidate) && view.replicas().contains(node)) {
              agreeing.add(node);
            }
          });
      if (agreeing.size() < needed) {
        continue;
      }
      if (Arrays.equals(candidate, own)) {
        if (agreeing.size() == digests.size() && digests.size() == view.replicas().size()) {
          observer.mark("replica.digest-agreed");
        }
      } else {
        diverged(slot, own, candidate, agreeing);
      }
      return;
    }
  }

  private void diverged(long slot, byte[] own, byte[] theirs, List<NodeId> agreeing) {
    divergedSlot = slot;
    majority = List.copyOf(agreeing);
    HexFormat hex = HexFormat.of();
    divergence =
        "state digest after slot "
            + slot
            + " is "
            + hex.formatHex(own, 0, 8)
            + "..., the majority "
            + agreeing
            + " has "
            + hex.formatHex(theirs, 0, 8)
            + "...";
    observer.mark("replica.diverged");
    observer.onDiverged(self, slot, divergence);
  }

  /**
   * SHA-256 of the state's meta part and object bytes. The meta part is fed to the hash as it is
   * written, never held: with the sessions' cached replies it is the largest part, and holding it
   * cost an array of its size and two more passes over it.
   */
  static byte[] digest(Snapshot state) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      SnapshotStream.digestMeta(state, sha);
      sha.update(state.object());
      return sha.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
