package org.concoord.core.host;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.concoord.core.message.Outcome;

/**
 * The calls parked on one hosted object and not yet completed, in the order they parked, with their
 * method ({@link ObjectHost}); and the releases of parked calls (their replies) made during the
 * current call, handed out with its response.
 *
 * <p>Not thread-safe: driven by its host, one call at a time.
 */
final class ParkedCalls {
  private final Map<Parked, Invoker> parked = new LinkedHashMap<>(4);

  /** The releases the current call made, or null if none yet. */
  private List<Release> releases;

  boolean isEmpty() {
    return parked.isEmpty();
  }

  int size() {
    return parked.size();
  }

  /** The calls parked, oldest first. */
  List<Parked> list() {
    return List.copyOf(parked.keySet());
  }

  /** {@code waiter}'s method, or null if it is no longer parked. */
  Invoker get(Parked waiter) {
    return parked.get(waiter);
  }

  boolean contains(Parked waiter) {
    return parked.containsKey(waiter);
  }

  void put(Parked waiter, Invoker invoker) {
    parked.put(waiter, invoker);
  }

  void remove(Parked waiter) {
    parked.remove(waiter);
  }

  /** Drops {@code clientId}'s calls (its session expired). */
  void removeClient(long clientId) {
    parked.keySet().removeIf(waiter -> waiter.clientId() == clientId);
  }

  /** Replaces every parked call by {@code waiting} (a restore). */
  void replace(Map<Parked, Invoker> waiting) {
    parked.clear();
    parked.putAll(waiting);
  }

  /** The parked calls as a snapshot records them. */
  List<ObjectState.ParkedEntry> entries() {
    List<ObjectState.ParkedEntry> entries = new ArrayList<>(parked.size());
    parked.forEach(
        (waiter, invoker) ->
            entries.add(
                new ObjectState.ParkedEntry(
                    waiter.clientId(), waiter.seq(), waiter.method(), invoker.arity)));
    return entries;
  }

  /**
   * The calls a snapshot's {@code entries} park, each with its method among {@code methods}.
   *
   * @throws IllegalArgumentException if one names a method the class does not have
   */
  static Map<Parked, Invoker> resolve(
      List<ObjectState.ParkedEntry> entries, Map<String, Invoker[]> methods, ObjectHost host) {
    Map<Parked, Invoker> waiting = new LinkedHashMap<>();
    for (ObjectState.ParkedEntry entry : entries) {
      Invoker[] byArity = methods.get(entry.method());
      if (byArity == null
          || entry.arity() < 0
          || entry.arity() >= byArity.length
          || byArity[entry.arity()] == null) {
        throw new IllegalArgumentException(
            "snapshot parks a call of unknown method " + entry.method() + "/" + entry.arity());
      }
      waiting.put(
          new Parked(entry.clientId(), entry.seq(), entry.method(), host), byArity[entry.arity()]);
    }
    return waiting;
  }

  /** Fails every parked call with EXCEPTION and {@code payload} (a copy each), and forgets them. */
  void failAll(byte[] payload) {
    for (Parked waiter : parked.keySet()) {
      release(waiter, new Response(Outcome.EXCEPTION, payload.clone()));
    }
    parked.clear();
  }

  /** {@code waiter} is answered with {@code response} by the current call. */
  void release(Parked waiter, Response response) {
    if (releases == null) {
      releases = new ArrayList<>();
    }
    releases.add(new Release(waiter.clientId(), waiter.seq(), response));
  }

  /** A call starts: no release made yet. */
  void startCall() {
    releases = null;
  }

  /** The current call ends with {@code response} and the releases it made. */
  Execution endCall(Response response) {
    List<Release> made = releases == null ? List.of() : releases;
    releases = null;
    return new Execution(response, made);
  }
}
