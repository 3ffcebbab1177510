package org.concoord.runtime;

import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.concoord.core.NodeId;

/**
 * Resolves peers' host names off the node thread. A name server that does not answer blocks a
 * lookup for seconds; on the node thread that would stop heartbeats and replies (review §2.3). An
 * address whose host is an IP literal is parsed at once; a name is looked up on one daemon thread,
 * and until the answer arrives sends to that peer are dropped (the protocol resends). Answers, good
 * or bad, are kept for {@link #TTL_MILLIS}; at most {@link #NAMES_MAX} names, and at most {@link
 * #QUEUED_MAX} lookups waiting.
 *
 * <p>{@link #resolve} is for the node thread; the lookups run on the resolver's thread.
 */
final class PeerResolver implements AutoCloseable {
  static final long TTL_MILLIS = 30_000;
  static final int NAMES_MAX = 4096;
  static final int QUEUED_MAX = 64;

  private record Answer(InetSocketAddress address, String error, long atMillis) {}

  private final Runnable wakeup;
  private final Map<NodeId, Answer> answers =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<NodeId, Answer> eldest) {
          return size() > NAMES_MAX;
        }
      };
  private final Map<NodeId, Boolean> asked = new java.util.concurrent.ConcurrentHashMap<>();
  private final ExecutorService lookups;

  PeerResolver(String name, Runnable wakeup) {
    this.wakeup = wakeup;
    this.lookups =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(QUEUED_MAX),
            runnable -> {
              Thread thread = new Thread(runnable, "concoord-resolver-" + name);
              thread.setDaemon(true);
              return thread;
            },
            new ThreadPoolExecutor.AbortPolicy());
  }

  /**
   * The socket address of {@code peer}; null while its name is being looked up.
   *
   * @throws IllegalArgumentException if the address is malformed or the name did not resolve
   */
  InetSocketAddress resolve(NodeId peer) {
    String address = peer.peerAddress();
    int colon = address.lastIndexOf(':');
    String host = colon > 0 ? address.substring(0, colon) : address;
    if (isLiteral(host)) {
      return Addresses.parse(address); // no lookup for a literal
    }
    long now = System.currentTimeMillis();
    Answer answer;
    synchronized (answers) {
      answer = answers.get(peer);
    }
    if (answer != null && now - answer.atMillis < TTL_MILLIS) {
      if (answer.error != null) {
        throw new IllegalArgumentException(answer.error);
      }
      return answer.address;
    }
    if (asked.putIfAbsent(peer, Boolean.TRUE) == null) {
      try {
        lookups.execute(() -> lookUp(peer));
      } catch (java.util.concurrent.RejectedExecutionException full) {
        asked.remove(peer); // too many lookups waiting: a later send asks again
      }
    }
    return answer != null && answer.error == null ? answer.address : null;
  }

  private void lookUp(NodeId peer) {
    Answer answer;
    try {
      InetSocketAddress address = Addresses.parse(peer.address());
      answer =
          address.isUnresolved()
              ? new Answer(null, "cannot resolve " + peer, System.currentTimeMillis())
              : new Answer(address, null, System.currentTimeMillis());
    } catch (IllegalArgumentException e) {
      answer = new Answer(null, e.getMessage(), System.currentTimeMillis());
    }
    synchronized (answers) {
      answers.put(peer, answer);
    }
    asked.remove(peer);
    wakeup.run();
  }

  static boolean isLiteral(String host) {
    if (host.startsWith("[") || host.indexOf(':') >= 0) {
      return true; // IPv6
    }
    if (host.isEmpty()) {
      return false;
    }
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      if (c != '.' && (c < '0' || c > '9')) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() {
    lookups.shutdownNow();
  }
}
