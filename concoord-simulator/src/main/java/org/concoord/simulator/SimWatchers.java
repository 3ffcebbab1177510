package org.concoord.simulator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.concoord.core.NodeId;
import org.concoord.core.command.Call;
import org.concoord.core.command.ClientCommand;
import org.concoord.core.message.WatchEvent;
import org.concoord.core.message.WatchRequest;
import org.concoord.core.value.ValueCodec;

/**
 * Watchers in the simulated workload (issue 21): each watches the counter ({@code get}) on one
 * replica and behaves as the Java client does: it pings its replica, and when the replica goes
 * (crashed, restarted: its connection is reset) or stays silent, it opens the watch again on the
 * next replica with the last slot it delivered; it drops an event at or below its last slot and a
 * value equal to its last. Their traffic goes through the simulated network's clock and cuts as a
 * TCP connection would: in order, with delays drawn from a generator of their own (so the
 * protocol's draws, and older seeds' runs, are unchanged), and reset by a cut.
 *
 * <p>The check ({@link #check}): each watcher's values, with their slots, are the counter's values
 * at those slots as executed (a subsequence of the linearized values, in order), without two equal
 * in a row, and the last is the final value.
 */
final class SimWatchers {
  /** Ticks between pings, and the silence after which a watcher moves to another replica. */
  static final int PING_TICKS = 20;

  static final int SILENCE_TICKS = 100;
  private static final long PING_WATCH_ID = Long.MAX_VALUE;

  /** One watcher: where it watches and what it delivered. */
  static final class Watcher {
    final long clientId;
    final String name;
    NodeId replica;
    int incarnation = -1;
    long heardTicks;
    long lastSlot;
    boolean delivered;
    byte[] lastPayload;
    int cursor;
    final List<long[]> values = new ArrayList<>(); // {slot, value}

    /** When the last message each way arrives: a connection keeps its order (TCP). */
    long toReplicaTicks;

    long fromReplicaTicks;

    Watcher(long clientId, int cursor) {
      this.clientId = clientId;
      this.name = "w" + clientId;
      this.cursor = cursor;
    }
  }

  /** What the watchers need of the simulation. */
  interface Nodes {
    /** The replica's incarnation (changes at each crash and restart), or -1 if it is down. */
    int incarnation(NodeId replica);

    /** Delivers {@code request} to {@code replica} now, if it is up. */
    void deliver(NodeId replica, WatchRequest request);

    boolean isCut(String source, String target);
  }

  private final List<Watcher> watchers = new ArrayList<>();
  private final Map<Long, Watcher> byId = new TreeMap<>();
  private final SplittableRandom random;
  private final SimNetwork network;
  private final int delayTicksMax;

  /** The counter's value after each executed slot, as the first replica to execute it saw. */
  private final TreeMap<Long, Long> valueAtSlot = new TreeMap<>();

  private String disagreement;

  SimWatchers(int count, SplittableRandom random, SimNetwork network, int delayTicksMax) {
    this.random = random;
    this.network = network;
    this.delayTicksMax = Math.max(1, delayTicksMax);
    valueAtSlot.put(0L, 0L); // before any slot: a fresh counter
    for (int i = 0; i < count; i++) {
      Watcher watcher = new Watcher(5000 + i, random.nextInt(1 << 10));
      watchers.add(watcher);
      byId.put(watcher.clientId, watcher);
    }
  }

  /** A replica executed {@code slot}, after which the counter is {@code value}. */
  void executed(NodeId replica, long slot, long value) {
    Long known = valueAtSlot.putIfAbsent(slot, value);
    if (known != null && known != value && disagreement == null) {
      disagreement =
          replica
              + " has the counter at "
              + value
              + " after slot "
              + slot
              + ", another replica "
              + known;
    }
  }

  /** Each tick: connect, ping, move on after a reset or a silence. */
  void onTick(long now, List<NodeId> replicaIds, Nodes nodes) {
    for (Watcher watcher : watchers) {
      boolean reset =
          watcher.replica != null && nodes.incarnation(watcher.replica) != watcher.incarnation;
      boolean silent = watcher.replica != null && now - watcher.heardTicks > SILENCE_TICKS;
      if (watcher.replica == null || reset || silent) {
        NodeId next = replicaIds.get(Math.floorMod(watcher.cursor++, replicaIds.size()));
        watcher.replica = next;
        watcher.incarnation = nodes.incarnation(next);
        watcher.heardTicks = now;
        if (watcher.incarnation >= 0) {
          send(
              watcher,
              nodes,
              request(watcher.clientId, 1, WatchRequest.Mode.VALUE, watcher.lastSlot));
        }
      } else if (now % PING_TICKS == watcher.clientId % PING_TICKS) {
        send(watcher, nodes, request(watcher.clientId, PING_WATCH_ID, WatchRequest.Mode.CANCEL, 0));
      }
    }
  }

  /**
   * A replica pushed {@code event}: it reaches its watcher in order, after a delay; a cut resets
   * the connection (the watcher opens the watch again elsewhere).
   */
  void push(NodeId from, WatchEvent event, Nodes nodes) {
    Watcher watcher = byId.get(event.clientId());
    if (watcher == null || !from.equals(watcher.replica)) {
      return; // not on the watcher's connection: that one was closed
    }
    if (nodes.isCut(from.address(), watcher.name)) {
      watcher.replica = null;
      return;
    }
    int incarnation = nodes.incarnation(from);
    watcher.fromReplicaTicks =
        Math.max(watcher.fromReplicaTicks, network.now() + 1 + random.nextInt(delayTicksMax));
    network.schedule(
        watcher.fromReplicaTicks,
        () -> {
          if (!from.equals(watcher.replica) || incarnation != watcher.incarnation) {
            return; // an event of a connection since closed
          }
          watcher.heardTicks = network.now();
          if (event.watchId() == PING_WATCH_ID) {
            return;
          }
          admit(watcher, event);
        });
  }

  private static void admit(Watcher watcher, WatchEvent event) {
    if (event.kind() == WatchEvent.Kind.ENDED) {
      watcher.replica = null; // "watch on another replica": the next tick moves on
      return;
    }
    if (event.kind() != WatchEvent.Kind.VALUE && event.kind() != WatchEvent.Kind.CURRENT) {
      return;
    }
    boolean newer =
        watcher.delivered ? event.slot() > watcher.lastSlot : event.slot() >= watcher.lastSlot;
    if (!newer) {
      return;
    }
    watcher.lastSlot = event.slot();
    boolean same = watcher.delivered && Arrays.equals(watcher.lastPayload, event.payload());
    watcher.delivered = true;
    watcher.lastPayload = event.payload();
    if (!same) {
      watcher.values.add(new long[] {event.slot(), (Long) ValueCodec.decode(event.payload())});
    }
  }

  private void send(Watcher watcher, Nodes nodes, WatchRequest request) {
    NodeId target = watcher.replica;
    int incarnation = watcher.incarnation;
    if (nodes.isCut(watcher.name, target.address())) {
      watcher.replica = null; // the connection breaks: the next tick tries another replica
      return;
    }
    watcher.toReplicaTicks =
        Math.max(watcher.toReplicaTicks, network.now() + 1 + random.nextInt(delayTicksMax));
    network.schedule(
        watcher.toReplicaTicks,
        () -> {
          if (nodes.incarnation(target) == incarnation && target.equals(watcher.replica)) {
            nodes.deliver(target, request);
          }
        });
  }

  private static WatchRequest request(
      long clientId, long watchId, WatchRequest.Mode mode, long fromSlot) {
    return new WatchRequest(
        new ClientCommand(clientId, watchId, 0, new Call("get", ValueCodec.encodeArgs())),
        mode,
        fromSlot);
  }

  /** Whether every watcher holds the final value (the run may end). */
  boolean settled() {
    if (valueAtSlot.isEmpty()) {
      return true;
    }
    long last = valueAtSlot.lastEntry().getValue();
    return watchers.stream()
        .allMatch(w -> !w.values.isEmpty() && w.values.get(w.values.size() - 1)[1] == last);
  }

  /** Why the watchers' sequences are wrong, or null (see the class comment). */
  String check() {
    if (disagreement != null) {
      return "watch: " + disagreement;
    }
    if (valueAtSlot.isEmpty()) {
      return null;
    }
    long finalValue = valueAtSlot.lastEntry().getValue();
    for (Watcher watcher : watchers) {
      String problem = checkOne(watcher, finalValue);
      if (problem != null) {
        return "watch: " + watcher.name + " " + problem + "; it saw " + describe(watcher);
      }
    }
    return null;
  }

  private String checkOne(Watcher watcher, long finalValue) {
    long slotBefore = -1;
    Long valueBefore = null;
    for (long[] seen : watcher.values) {
      Long expected = valueAtSlot.get(seen[0]);
      if (expected == null || expected != seen[1]) {
        return "got " + seen[1] + " at slot " + seen[0] + ", where the counter was " + expected;
      }
      if (seen[0] <= slotBefore) {
        return "got slot " + seen[0] + " after slot " + slotBefore;
      }
      if (valueBefore != null && valueBefore == seen[1]) {
        return "got " + seen[1] + " twice in a row";
      }
      slotBefore = seen[0];
      valueBefore = seen[1];
    }
    if (valueBefore == null || valueBefore != finalValue) {
      return "ended on " + valueBefore + ", not on the final value " + finalValue;
    }
    return null;
  }

  private static String describe(Watcher watcher) {
    List<String> out = new ArrayList<>();
    List<long[]> values = watcher.values;
    for (long[] seen : values.subList(Math.max(0, values.size() - 8), values.size())) {
      out.add(seen[1] + "@" + seen[0]);
    }
    return (values.size() > 8 ? "... " : "") + out + " (on " + watcher.replica + ")";
  }
}
