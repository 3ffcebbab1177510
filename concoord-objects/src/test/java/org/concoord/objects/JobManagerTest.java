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
    ok(call(host, 1, 2, "complete", 1));
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
    var releases = host.sessionExpired(1);
    assertEquals(List.of(3L), clients(releases));
    assertEquals(job(1L, "a"), unblocked(releases.get(0)));
    assertEquals(List.of(job(2L, "b")), ok(call(host, 9, 4, "queued")));
  }

  /** A job record as a reply decodes untyped: a map by component name. */
  private static java.util.Map<String, Object> job(long id, String payload) {
    return java.util.Map.of("id", id, "payload", payload);
  }
}
