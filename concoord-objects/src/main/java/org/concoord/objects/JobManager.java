package org.concoord.objects;

import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;
import org.concoord.core.host.Caller;
import org.concoord.core.sync.WorkQueue;

/**
 * A job queue for workers. {@code submit} queues a job and returns its id; a worker {@code take}s
 * the oldest queued job, parking while there is none, and {@code complete}s it. A worker whose
 * session expires gives its unfinished jobs back, to the front of the queue in the order it took
 * them, so that no job is lost with a crashed worker. The jobs live in a {@link WorkQueue}, which
 * leases each taken job to its worker and which the host tells about expired sessions.
 */
public class JobManager {
  /** A job as a worker receives it. */
  public record Job(long id, String payload) {}

  private long nextId = 1;
  private final WorkQueue<Job> jobs = new WorkQueue<>();

  /** Queues {@code payload} as a new job; returns its id. */
  public long submit(String payload) {
    Job job = new Job(nextId++, payload);
    jobs.put(job);
    return job.id();
  }

  /** Takes the oldest queued job, waiting for one if there is none. */
  public Job take(Caller caller) {
    return jobs.take(caller);
  }

  /** Marks job {@code id}, taken by the caller, done. */
  public void complete(Caller caller, long id) {
    if (jobs.complete(caller, job -> job.id() == id) == null) {
      throw new NoSuchElementException("the calling client runs no job " + id);
    }
  }

  /** Removes queued job {@code id}; false if it is not queued (running, done or unknown). */
  public boolean cancel(long id) {
    return jobs.remove(job -> job.id() == id);
  }

  public List<Job> queued() {
    return jobs.queued();
  }

  /** The jobs taken and not yet completed, by id. */
  public List<Job> running() {
    return jobs.leased().stream().sorted(Comparator.comparingLong(Job::id)).toList();
  }

  @Override
  public String toString() {
    return "JobManager: " + jobs.queued().size() + " queued, " + jobs.leased().size()
        + " running, " + jobs.waiting() + " workers waiting";
  }
}
