package org.concoord.core.sync;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import org.concoord.core.host.Caller;
import org.concoord.core.host.SessionAware;

/**
 * A job queue for workers, with leases. {@code submit} queues a job (a string payload) and returns
 * its id; a worker {@code take}s the oldest queued job, parking while there is none, and holds it
 * until it {@code complete}s it. A worker whose session expires gives its unfinished jobs back, to
 * the front of the queue (oldest first) and on to the workers still waiting, so that no job is lost
 * with a crashed worker. As a lease-based work queue (Curator's lock-safe queue, a message queue's
 * visibility timeout), it is a coordination primitive rather than a data structure.
 *
 * <p>Not generic: a snapshot of the object rebuilds its state by declared types, so jobs are a
 * concrete record. Use it as an object (the library's {@code JobManager} extends it) or in a field.
 * Every public method is one a client may call.
 */
public class JobQueue implements SessionAware {
  /** A job as a worker receives it. */
  public record Job(long id, String payload) {}

  private long nextId = 1;
  private final ArrayDeque<Job> queued = new ArrayDeque<>();

  /** The jobs taken and not completed, and the worker running each, by job id. */
  private final TreeMap<Long, Job> running = new TreeMap<>();

  private final TreeMap<Long, Long> workerOf = new TreeMap<>();
  private final WaitQueue workers = new WaitQueue();

  /** Queues {@code payload} as a new job; returns its id. */
  public long submit(String payload) {
    Job job = new Job(nextId++, payload);
    queued.add(job);
    dispatch();
    return job.id();
  }

  /** Takes the oldest queued job, waiting for one if there is none. */
  public Job take(Caller caller) {
    Job job = queued.poll();
    if (job == null) {
      workers.park(caller);
    } else {
      assign(caller.clientId(), job);
    }
    return job; // null when parked: ignored, the reply is the job the dispatch resumes it with
  }

  /** Marks job {@code id}, taken by the caller, done. */
  public void complete(Caller caller, long id) {
    Long worker = workerOf.get(id);
    if (worker == null || worker != caller.clientId()) {
      throw new NoSuchElementException("client " + caller.clientId() + " runs no job " + id);
    }
    workerOf.remove(id);
    running.remove(id);
  }

  /** Removes queued job {@code id}; false if it is not queued (running, done or unknown). */
  public boolean cancel(long id) {
    return queued.removeIf(job -> job.id() == id);
  }

  public List<Job> queued() {
    return List.copyOf(queued);
  }

  /** The jobs taken and not yet completed, by id. */
  public List<Job> running() {
    return List.copyOf(running.values());
  }

  @Override
  public void sessionExpired(long clientId) {
    workers.sessionExpired(clientId);
    List<Long> lost =
        workerOf.entrySet().stream()
            .filter(e -> e.getValue() == clientId)
            .map(Map.Entry::getKey)
            .toList();
    for (int i = lost.size() - 1; i >= 0; i--) { // newest first, so the oldest ends up first
      workerOf.remove(lost.get(i));
      queued.addFirst(running.remove(lost.get(i)));
    }
    dispatch();
  }

  /** Hands queued jobs to the workers still waiting, oldest of each first. */
  private void dispatch() {
    for (Waiter worker; !queued.isEmpty() && (worker = workers.wakeOne(queued.peek())) != null; ) {
      assign(worker.clientId(), queued.poll());
    }
  }

  private void assign(long worker, Job job) {
    workerOf.put(job.id(), worker);
    running.put(job.id(), job);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName()
        + ": "
        + queued.size()
        + " queued, "
        + running.size()
        + " running, "
        + workers.size()
        + " workers waiting";
  }
}
