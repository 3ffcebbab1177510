package org.concoord.objects;

import org.concoord.core.sync.JobQueue;

/**
 * A job queue for workers. {@code submit} queues a job and returns its id; a worker {@code take}s
 * the oldest queued job, parking while there is none, and {@code complete}s it. A worker whose
 * session expires gives its unfinished jobs back, to the front of the queue, so that no job is lost
 * with a crashed worker.
 *
 * <p>Methods: {@code long submit(String payload)}, {@code Job take(Caller)}, {@code void
 * complete(Caller, long id)}, {@code boolean cancel(long id)}, {@code List<Job> queued()}, {@code
 * List<Job> running()}, all of {@link JobQueue}; {@code JobManager.Job} is {@link JobQueue.Job}.
 */
public class JobManager extends JobQueue {}
