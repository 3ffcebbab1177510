package org.concoord.core.replica;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.concoord.core.Ballot;
import org.concoord.core.Mutation;
import org.concoord.core.access.AccessRole;
import org.concoord.core.command.Call;
import org.concoord.core.command.ClientCommand;
import org.concoord.core.command.ObjectNames;
import org.concoord.core.effects.Effects;
import org.concoord.core.host.Response;
import org.concoord.core.message.Reason;
import org.concoord.core.message.Refusal;
import org.concoord.core.message.WatchEvent;
import org.concoord.core.message.WatchRequest;

/**
 * The watches this replica serves (issue 21): who watches which read-only method of which object,
 * and the stream of executed write calls for admins. After each executed slot the replica tells it
 * which objects the slot touched; each watched (object, method, arguments) is evaluated once
 * ({@link WatchGroup}) and its result pushed to every watcher when it differs from the last one
 * pushed. A new watch gets the current value at once, so reading and watching are one step.
 *
 * <p>Watches are not replicated state: a replica keeps those opened on it, and a client that loses
 * its replica opens them again elsewhere with the last slot it saw ({@link WatchRequest#fromSlot}).
 * Every input is a client's: watches are bounded in number, per client and by bytes, and a refused
 * one is answered {@code ENDED} with the reason.
 *
 * <p>Not thread-safe. Does no I/O. Reads no clock. Driven by the replica.
 */
final class Watches {
  /** Most watches one replica serves. */
  static final int WATCHES_MAX = 100_000;

  /** Most watches of one client id. */
  static final int WATCHES_PER_CLIENT_MAX = 10_000;

  /** Most bytes the watches' requests (arguments, names) may hold in all. */
  static final long WATCH_BYTES_MAX = 32L << 20;

  /** What one watch costs beyond its arguments and names (maps, records), counted in bytes. */
  static final int WATCH_OVERHEAD_BYTES = 256;

  /** Why a replica that cannot serve watches now (recovering, not a member) ends them. */
  static final Refusal ELSEWHERE =
      new Refusal(
          Reason.TRY_ANOTHER_REPLICA,
          "this replica cannot"
              + " serve watches now (recovering, or not a member of the view); watch on another replica");

  record Key(long clientId, long watchId) {}

  /** One watch: its group (value watches) or its object (write streams). */
  record Watch(Key key, WatchGroup group, String object, long bytes) {}

  private final NamedObjects objects;
  private final SlotExecutor executor;
  private final WriteHistory history;
  private final boolean dropAfterLeaderChange;
  private final Map<Key, Watch> watches = new HashMap<>();
  private final Map<Long, Integer> perClient = new HashMap<>();

  /** object name -> its watched (method, args) groups, in the order they were first opened. */
  private final Map<String, Map<WatchGroup.Target, WatchGroup>> groups = new HashMap<>();

  /** object name -> the watches of its write stream. */
  private final Map<String, List<Watch>> writers = new HashMap<>();

  private long bytes;
  private Ballot ballotSeen = Ballot.ZERO;
  private int leaderChanges;

  Watches(
      NamedObjects objects, SlotExecutor executor, WriteHistory history, Set<Mutation> mutations) {
    this.objects = objects;
    this.executor = executor;
    this.history = history;
    this.dropAfterLeaderChange = mutations.contains(Mutation.WATCH_DROPS_AFTER_LEADER_CHANGE);
  }

  int size() {
    return watches.size();
  }

  long bytes() {
    return bytes;
  }

  /** A client opens, resumes or cancels a watch, with this replica at {@code slotExecuted}. */
  void onRequest(WatchRequest request, long slotExecuted, Effects effects) {
    Key key = new Key(request.clientId(), request.watchId());
    remove(key);
    if (request.mode() == WatchRequest.Mode.CANCEL) {
      effects.push(ended(key, slotExecuted, new Refusal(Reason.CANCELLED, "cancelled")));
      return;
    }
    ClientCommand command = request.command();
    Refusal refusal = refusal(request, command.call());
    if (refusal != null) {
      effects.push(ended(key, slotExecuted, refusal));
      return;
    }
    long cost =
        WATCH_OVERHEAD_BYTES
            + command.call().args().length
            + 2L * (command.call().method().length() + command.call().object().length());
    Refusal over = overBounds(key, cost);
    if (over != null) {
      effects.push(ended(key, slotExecuted, over));
      return;
    }
    String object = command.call().object();
    if (request.mode() == WatchRequest.Mode.WRITES) {
      Watch watch = add(new Watch(key, null, object, cost));
      writers.computeIfAbsent(object, o -> new ArrayList<>()).add(watch);
      history.replay(object, request.fromSlot(), slotExecuted, key, effects);
      return;
    }
    WatchGroup.Target target =
        new WatchGroup.Target(command.call().method(), command.call().args());
    WatchGroup group =
        groups
            .computeIfAbsent(object, o -> new LinkedHashMap<>())
            .computeIfAbsent(target, t -> new WatchGroup(object, t));
    boolean fresh = group.isEmpty();
    Watch watch = add(new Watch(key, group, object, cost));
    group.join(watch.key());
    boolean retained = request.fromSlot() == 0 || request.fromSlot() + 1 >= history.fromSlot();
    if (request.fromSlot() < slotExecuted || request.fromSlot() == 0) {
      // The current value at once: reading and watching in one step. A resumed watch whose
      // client saw this slot or a later one gets only what changes after its slot.
      effects.push(group.current(objects, executor.clockTicks(), slotExecuted, key, retained));
    } else if (fresh) {
      group.absorb(objects, executor.clockTicks());
    }
  }

  /** Ends every watch (this replica stops serving them); each is told to go elsewhere. */
  void endAll(long slot, Effects effects) {
    for (Key key : new ArrayList<>(watches.keySet())) {
      effects.push(ended(key, slot, ELSEWHERE));
      remove(key);
    }
  }

  /** The watches of a client connection that closed: they end, nothing more is sent. */
  void closed(long clientId, long watchId) {
    remove(new Key(clientId, watchId));
  }

  /**
   * Slot {@code slot} executed and may have changed the objects in {@code touched} (null: any
   * object, e.g. after a restore or a session's expiry): pushes each changed value.
   */
  void afterSlot(long slot, Set<String> touched, Ballot ballotKnown, Effects effects) {
    if (!ballotKnown.equals(ballotSeen)) {
      leaderChanges++;
      ballotSeen = ballotKnown;
    }
    boolean leaderChanged = leaderChanges > 1; // the first is the first leader's election
    if (groups.isEmpty()) {
      return;
    }
    List<String> names = new ArrayList<>(touched == null ? groups.keySet() : touched);
    for (String name : names) {
      Map<WatchGroup.Target, WatchGroup> byTarget = groups.get(name);
      if (byTarget == null) {
        continue;
      }
      for (WatchGroup group : new ArrayList<>(byTarget.values())) {
        if (dropAfterLeaderChange && leaderChanged) {
          group.absorb(objects, executor.clockTicks()); // the mutation: a lost push
          continue;
        }
        List<WatchEvent> events = group.evaluate(objects, executor.clockTicks(), slot);
        for (WatchEvent event : events) {
          effects.push(event);
          if (event.kind() == WatchEvent.Kind.ENDED) {
            remove(new Key(event.clientId(), event.watchId()));
          }
        }
      }
    }
  }

  /**
   * Call {@code call} executed at {@code slot} with {@code response}: if it was a write (not a
   * read-only method), into the history and to its object's write streams.
   */
  void written(long slot, ClientCommand call, Response response, Effects effects) {
    String name = call.call().object();
    NamedObject object = objects.get(name);
    String method = call.call().method();
    if (response.outcome() == org.concoord.core.message.Outcome.REJECTED
        || object != null && objects.isReadOnly(object, method)) {
      return; // refused (it ran nothing) or read-only: no write
    }
    history.add(
        slot,
        name,
        method,
        call.call().args(),
        response.outcome().code,
        response.payload(),
        call.principal(),
        call.clientId());
    List<Watch> streams = writers.get(name);
    if (streams == null) {
      return; // nobody streams this object's writes: no record is built
    }
    WriteRecord record =
        new WriteRecord(
            method,
            call.call().args(),
            response.outcome().code,
            response.payload(),
            call.principal(),
            call.clientId());
    for (Watch watch : streams) {
      effects.push(
          new WatchEvent(
              watch.key().clientId(),
              watch.key().watchId(),
              slot,
              WatchEvent.Kind.WRITE,
              record.encoded()));
    }
  }

  /** The state was replaced by a snapshot of {@code slot}: every watched value may differ. */
  void restored(long slot, Effects effects) {
    history.restartAt(slot);
    afterSlot(slot, null, ballotSeen, effects);
  }

  /** Why this watch may not be opened, or null. */
  private Refusal refusal(WatchRequest request, Call call) {
    String name = call.object();
    if (call.isNamed()) {
      String problem = ObjectNames.problem(name);
      if (problem != null) {
        return new Refusal(Reason.INVALID, problem);
      }
    }
    NamedObject object = objects.get(name);
    if (object == null) {
      return new Refusal(Reason.NO_OBJECT, "no object named '" + name + "' (create it first)");
    }
    String principal = request.command().principal();
    if (request.mode() == WatchRequest.Mode.WRITES) {
      AccessRole role = executor.access().roleOf(principal);
      return role == AccessRole.ADMIN
          ? null
          : new Refusal(
              Reason.ACCESS_DENIED,
              "access denied:"
                  + " the write stream of '"
                  + name
                  + "' needs the role admin and principal '"
                  + principal
                  + "' has "
                  + role.label());
    }
    String method = call.method();
    if (method.startsWith("__concoord") || !objects.isReadOnly(object, method)) {
      return new Refusal(
          Reason.NOT_READ_ONLY,
          "a watch evaluates read-only methods only, and "
              + object.describe()
              + "."
              + method
              + " is not one (unknown, or it may change the state; mark it @ReadOnly to be sure)");
    }
    AccessRole annotated = object.access(method);
    // A read-only method needs no more than reader unless a rule or its annotation says more.
    String denied =
        executor
            .access()
            .refusal(principal, name, method, annotated == null ? AccessRole.READER : annotated);
    return denied == null ? null : new Refusal(Reason.ACCESS_DENIED, denied);
  }

  private Refusal overBounds(Key key, long cost) {
    if (watches.size() >= WATCHES_MAX) {
      return new Refusal(
          Reason.TRY_ANOTHER_REPLICA,
          "this replica serves " + WATCHES_MAX + " watches, its bound; try another replica");
    }
    if (perClient.getOrDefault(key.clientId(), 0) >= WATCHES_PER_CLIENT_MAX) {
      return new Refusal(
          Reason.LIMIT,
          "client "
              + key.clientId()
              + " has "
              + WATCHES_PER_CLIENT_MAX
              + " watches here, the bound for one client");
    }
    if (bytes + cost > WATCH_BYTES_MAX) {
      return new Refusal(
          Reason.LIMIT,
          "the watches' bytes would pass " + WATCH_BYTES_MAX + ", this replica's bound");
    }
    return null;
  }

  private Watch add(Watch watch) {
    watches.put(watch.key(), watch);
    perClient.merge(watch.key().clientId(), 1, Integer::sum);
    bytes += watch.bytes();
    return watch;
  }

  private void remove(Key key) {
    Watch watch = watches.remove(key);
    if (watch == null) {
      return;
    }
    perClient.computeIfPresent(key.clientId(), (k, n) -> n == 1 ? null : n - 1);
    bytes -= watch.bytes();
    if (watch.group() != null) {
      WatchGroup group = watch.group();
      group.leave(key);
      if (group.isEmpty()) {
        Map<WatchGroup.Target, WatchGroup> byTarget = groups.get(watch.object());
        byTarget.remove(group.target());
        if (byTarget.isEmpty()) {
          groups.remove(watch.object());
        }
      }
    } else {
      List<Watch> streams = writers.get(watch.object());
      streams.remove(watch);
      if (streams.isEmpty()) {
        writers.remove(watch.object());
      }
    }
  }

  static WatchEvent ended(Key key, long slot, Refusal why) {
    return new WatchEvent(key.clientId(), key.watchId(), slot, WatchEvent.Kind.ENDED, why.encode());
  }
}
