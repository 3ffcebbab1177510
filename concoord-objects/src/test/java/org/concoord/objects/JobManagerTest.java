package org.concoord.objects;

import static org.concoord.objects.Calls.call;
import static org.concoord.objects.Calls.clients;
import static org.concoord.objects.Calls.ok;
import static org.concoord.objects.Calls.parked;
import static org.concoord.objects.Calls.releasedTo;
import static org.concoord.objects.Calls.thrown;
import static org.concoord.objects.Calls.unblocked;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.concoord.core.host.ObjectHost;
import org.junit.jupiter.api.Test;

class JobManagerTest {
  private final ObjectHost host = new ObjectHost(JobManager.class);

  @Test
  void workersTakeJobsOldestFirstAndCompleteThem() {
    assertEquals(1L, ok(call(host, 9, 1, "submit", "a")));
    assertEquals(2L, ok(call(host, 9, 2, "submit", "b")));
    assertEquals(job(1L, "a"), ok(call(host, 1, 1, "take")));
    assertEquals(List.of(job(1L, "a")), ok(call(host, 9, 3, "running")));
    ok(call(host, 1, 2, "complete", 1));
    assertEquals(List.of(), ok(call(host, 9, 4, "running")));
    assertEquals(List.of(job(2L, "b")), ok(call(host, 9, 5, "queued")));
  }

  @Test
  void takeParksUntilAJobIsSubmitted() {
    parked(call(host, 1, 1, "take"));
    assertEquals(job(1L, "a"), releasedTo(call(host, 9, 1, "submit", "a"), 1));
    parked(call(host, 2, 1, "take"));
    parked(call(host, 3, 1, "take"));
    assertEquals(
        job(2L, "b"),
        releasedTo(call(host, 9, 2, "submit", "b"), 2),
        "the oldest waiting worker first");
    ok(call(host, 1, 2, "complete", 1));
    assertEquals("java.util.NoSuchElementException", thrown(call(host, 1, 3, "complete", 2)));
  }

  @Test
  void onlyTheWorkerThatTookAJobCompletesIt() {
    call(host, 9, 1, "submit", "a");
    call(host, 1, 1, "take");
    assertEquals("java.util.NoSuchElementException", thrown(call(host, 2, 1, "complete", 1)));
  }

  @Test
  void anExpiredWorkersJobsGoBackToTheFrontForTheNextWorker() {
    call(host, 9, 1, "submit", "a");
    call(host, 9, 2, "submit", "b");
    call(host, 9, 3, "submit", "c");
    call(host, 1, 1, "take");
    call(host, 1, 2, "take");
    call(host, 2, 1, "take"); // takes c: the queue is empty
    parked(call(host, 3, 1, "take"));
    parked(call(host, 1, 3, "take")); // the expiring worker's own take is dropped
    var releases = host.sessionExpired(1);
    assertEquals(List.of(3L), clients(releases));
    assertEquals(job(1L, "a"), unblocked(releases.get(0)));
    assertEquals(List.of(job(2L, "b")), ok(call(host, 9, 4, "queued")));
    assertEquals(List.of(), host.sessionExpired(1), "told twice, requeued once");
    assertEquals(List.of(job(2L, "b")), ok(call(host, 9, 5, "queued")));
  }

  @Test
  void aRetriedTakeIsQueuedOnceAndGetsOneJob() {
    parked(call(host, 1, 1, "take"));
    parked(call(host, 1, 1, "take")); // the same call executed again
    assertEquals(job(1L, "a"), releasedTo(call(host, 9, 1, "submit", "a"), 1));
    assertEquals(List.of(), call(host, 9, 2, "submit", "b").releases());
    assertEquals(List.of(job(2L, "b")), ok(call(host, 9, 3, "queued")));
  }

  @Test
  void cancelRemovesQueuedJobsOnly() {
    call(host, 9, 1, "submit", "a");
    call(host, 9, 2, "submit", "b");
    call(host, 1, 1, "take");
    assertEquals(false, ok(call(host, 9, 3, "cancel", 1)));
    assertEquals(true, ok(call(host, 9, 4, "cancel", 2)));
    assertEquals(List.of(), ok(call(host, 9, 5, "queued")));
  }

  /** A job record as a reply decodes untyped: a map by component name. */
  private static java.util.Map<String, Object> job(long id, String payload) {
    return java.util.Map.of("id", id, "payload", payload);
  }
}
