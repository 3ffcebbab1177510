package org.concoord.core.sync;

import java.util.List;
import java.util.TreeSet;
import org.concoord.core.host.Caller;
import org.concoord.core.host.SessionAware;

/**
 * Many readers or one writer. A reader waits while a writer holds the lock or waits for it, so a
 * stream of readers cannot starve a writer; waiting requests are granted in arrival order, all
 * readers queued ahead of the next writer together, so writers cannot starve readers either. Each
 * grant (read or write) returns a fencing token larger than any before. Not reentrant: a client
 * holds the lock at most once. A client whose session expires drops its hold and its waiting
 * requests.
 *
 * <p>One {@link WaitQueue} of requests, tagged read or write. Use it as an object (the library's
 * {@code ReadWriteLock} extends it) or in a field. Every public method is one a client may call.
 */
public class FencedReadWriteLock implements SessionAware {
  private static final String READ = "read";
  private static final String WRITE = "write";

  /** The readers' client ids; a TreeSet for a deterministic order. */
  private final TreeSet<Long> readers = new TreeSet<>();

  private Long writer;
  private long token;
  private final WaitQueue queue = new WaitQueue();

  public long acquireRead(Caller caller) {
    checkNotHolding(caller.clientId());
    // After every grant the queue is empty or starts with a writer (grant() admits the readers
    // at its head), so a non-empty queue means a writer waits and this reader must queue too.
    if (writer == null && queue.isEmpty()) {
      readers.add(caller.clientId());
      return ++token;
    }
    queue.park(caller, READ);
    return 0; // ignored: the reply is the token the grant resumes it with
  }

  public long acquireWrite(Caller caller) {
    checkNotHolding(caller.clientId());
    if (writer == null && readers.isEmpty()) {
      writer = caller.clientId();
      return ++token;
    }
    queue.park(caller, WRITE);
    return 0; // ignored: the reply is the token the grant resumes it with
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
    queue.sessionExpired(clientId);
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
    for (Waiter head; writer == null && (head = queue.peek()) != null; ) {
      boolean write = WRITE.equals(head.tag());
      if (write && !readers.isEmpty()) {
        return;
      }
      queue.poll();
      if (write) {
        writer = head.clientId();
      } else {
        readers.add(head.clientId());
      }
      head.call().resume(++token);
    }
  }

  @Override
  public String toString() {
    return getClass().getSimpleName()
        + ": "
        + (writer != null ? "written by client " + writer : readers.size() + " reading")
        + ", "
        + queue.size()
        + " waiting";
  }
}
