package org.concoord.objects;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.concoord.core.host.Caller;
import org.concoord.core.host.Parked;
import org.concoord.core.host.SessionAware;

/**
 * Many readers or one writer. A reader waits while a writer holds the lock or waits for it, so a
 * stream of readers cannot starve a writer; waiting requests are granted in arrival order, all
 * readers queued ahead of the next writer together, so writers cannot starve readers either.
 * Each grant (read or write) returns a fencing token larger than any before. Not reentrant: a
 * client holds the lock at most once. A client whose session expires drops its hold and its
 * waiting requests.
 */
public class ReadWriteLock implements SessionAware {
  /** A parked request for the lock. */
  private record Request(Parked call, boolean write) {}

  private final Set<Long> readers = new TreeSet<>();
  private Long writer;
  private long token;
  private final Deque<Request> queue = new ArrayDeque<>();

  public long acquireRead(Caller caller) {
    checkNotHolding(caller.clientId());
    if (writer == null && queue.stream().noneMatch(Request::write)) {
      readers.add(caller.clientId());
      return ++token;
    }
    queue.add(new Request(caller.park(), false));
    return 0; // ignored: the reply is the token passed to resume
  }

  public long acquireWrite(Caller caller) {
    checkNotHolding(caller.clientId());
    if (writer == null && readers.isEmpty()) {
      writer = caller.clientId();
      return ++token;
    }
    queue.add(new Request(caller.park(), true));
    return 0; // ignored: the reply is the token passed to resume
  }

  public void releaseRead(Caller caller) {
    if (!readers.remove(caller.clientId())) {
      throw new IllegalStateException("client " + caller.clientId() + " holds no read lock");
    }
    grant();
  }

  public void releaseWrite(Caller caller) {
    if (writer == null || writer != caller.clientId()) {
      throw new IllegalStateException("client " + caller.clientId() + " holds no write lock");
    }
    writer = null;
    grant();
  }

  /** The writer's client id, or null. */
  public Long writer() {
    return writer;
  }

  /** The readers' client ids, in ascending order. */
  public List<Long> readers() {
    return List.copyOf(readers); // not Set.copyOf: its iteration order differs between JVMs
  }

  @Override
  public void sessionExpired(long clientId) {
    // The host drops the client's parked calls only after this callback: skip them explicitly.
    queue.removeIf(request -> request.call().clientId() == clientId);
    readers.remove(clientId);
    if (writer != null && writer == clientId) {
      writer = null;
    }
    grant();
  }

  private void checkNotHolding(long clientId) {
    if (readers.contains(clientId) || (writer != null && writer == clientId)) {
      throw new IllegalStateException("client " + clientId + " already holds the lock");
    }
  }

  /** Grants the head of the queue: one writer, or every reader ahead of the next writer. */
  private void grant() {
    queue.removeIf(request -> !request.call().isPending());
    while (writer == null && !queue.isEmpty()) {
      Request head = queue.peek();
      if (head.write() && !readers.isEmpty()) {
        return;
      }
      queue.poll();
      if (head.write()) {
        writer = head.call().clientId();
      } else {
        readers.add(head.call().clientId());
      }
      head.call().resume(++token);
    }
  }

  @Override
  public String toString() {
    return "ReadWriteLock: " + (writer != null ? "written by client " + writer
        : readers.size() + " reading") + ", " + queue.size() + " waiting";
  }
}
