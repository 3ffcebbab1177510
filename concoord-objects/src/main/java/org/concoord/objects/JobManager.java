package org.concoord.objects;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import org.concoord.core.host.Caller;
import org.concoord.core.host.Parked;
import org.concoord.core.host.SessionAware;

/**
 * A job queue for workers. {@code submit} queues a job and returns its id; a worker {@code take}s
 * the oldest queued job, parking while there is none, and {@code complete}s it. A worker whose
 * session expires gives its unfinished jobs back, to the front of the queue, so that no job is
 * lost with a crashed worker.
 */
public class JobManager implements SessionAware {
  /** A job as a worker receives it. */
  public record Job(long id, String payload) {}

  private long nextId = 1;
  private final Deque<Job> queued = new ArrayDeque<>();
  /** id -> (worker, job), for jobs taken and not completed. */
  private final Map<Long, Long> workerOf = new TreeMap<>();
  private final Map<Long, Job> running = new TreeMap<>();
  private final Deque<Parked> workers = new ArrayDeque<>();

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
      workers.add(caller.park());
    } else {
      assign(caller.clientId(), job);
    }
    return job; // null when parked: ignored, the reply is the job passed to resume
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
    // The host drops the client's parked calls only after this callback: skip them explicitly.
    workers.removeIf(worker -> worker.clientId() == clientId);
    List<Long> lost = workerOf.entrySet().stream()
        .filter(e -> e.getValue() == clientId).map(Map.Entry::getKey).toList();
    for (int i = lost.size() - 1; i >= 0; i--) { // newest first, so the oldest ends up first
      workerOf.remove(lost.get(i));
      queued.addFirst(running.remove(lost.get(i)));
    }
    dispatch();
  }

  /** Hands queued jobs to waiting workers that still wait. */
  private void dispatch() {
    while (!queued.isEmpty() && !workers.isEmpty()) {
      Parked worker = workers.poll();
      if (worker.isPending()) {
        Job job = queued.poll();
        assign(worker.clientId(), job);
        worker.resume(job);
      }
    }
  }

  private void assign(long worker, Job job) {
    workerOf.put(job.id(), worker);
    running.put(job.id(), job);
  }

  @Override
  public String toString() {
    return "JobManager: " + queued.size() + " queued, " + running.size() + " running, "
        + workers.size() + " workers waiting";
  }
}
