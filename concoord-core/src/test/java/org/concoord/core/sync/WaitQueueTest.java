package org.concoord.core.sync;

import static org.concoord.core.sync.SyncCalls.call;
import static org.concoord.core.sync.SyncCalls.clients;
import static org.concoord.core.sync.SyncCalls.ok;
import static org.concoord.core.sync.SyncCalls.parked;
import static org.concoord.core.sync.SyncCalls.releasedTo;
import static org.concoord.core.sync.SyncCalls.unblocked;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.concoord.core.host.Caller;
import org.concoord.core.host.Execution;
import org.concoord.core.host.ObjectHost;
import org.concoord.core.host.Parked;
import org.concoord.core.host.SessionAware;
import org.concoord.core.message.Outcome;
import org.concoord.core.value.ValueCodec;
import org.junit.jupiter.api.Test;

class WaitQueueTest {
  /** A queue behind client-callable methods; passes expiry on only when told to. */
  public static class Waiting implements SessionAware {
    private final WaitQueue queue = new WaitQueue();
    private final WaitQueue other = new WaitQueue();
    public boolean forwardExpiry = true;

    public String await(Caller caller) {
      queue.park(caller);
      return null;
    }

    public String awaitAs(Caller caller, String tag) {
      queue.park(caller, tag);
      return null;
    }

    public String awaitTwice(Caller caller) {
      queue.park(caller);
      queue.park(caller);
      return null;
    }

    public String awaitThenThrow(Caller caller) {
      queue.park(caller);
      throw new IllegalStateException("changed my mind");
    }

    /** Parks in the other queue; moveAll moves its waiters here. */
    public String awaitElsewhere(Caller caller) {
      other.park(caller);
      return null;
    }

    public int moveAll() {
      int moved = 0;
      for (Waiter next; (next = other.poll()) != null; moved++) {
        queue.add(next);
      }
      return moved;
    }

    /** Queues the other queue's oldest waiter here too, leaving it there. */
    public void copyFirst() {
      queue.add(other.peek());
    }

    /** Answers the oldest waiter of the other queue. */
    public void answerOther(String result) {
      other.wakeOne(result);
    }

    public String wakeOne(String result) {
      Waiter woken = queue.wakeOne(result);
      return woken == null ? null : woken.clientId() + ":" + woken.tag();
    }

    public int wake(int n, String result) {
      return queue.wake(n, result);
    }

    public int wakeAll(String result) {
      return queue.wakeAll(result);
    }

    public int failAll(String message) {
      return queue.failAll(new IllegalStateException(message));
    }

    public boolean remove(long clientId) {
      return queue.remove(clientId);
    }

    public int size() {
      return queue.size();
    }

    public List<Long> clients() {
      return queue.waiters().stream().map(Waiter::clientId).toList();
    }

    @Override
    public void sessionExpired(long clientId) {
      if (forwardExpiry) {
        queue.sessionExpired(clientId);
      }
    }
  }

  private final ObjectHost host = new ObjectHost(Waiting.class);

  @Test
  void wakeOneResumesTheOldestWaiterFirst() {
    parked(call(host, 1, 1, "await"));
    parked(call(host, 2, 1, "await"));
    parked(call(host, 3, 1, "await"));
    assertEquals("x", releasedTo(call(host, 9, 1, "wakeOne", "x"), 1));
    assertEquals("y", releasedTo(call(host, 9, 2, "wakeOne", "y"), 2));
    assertEquals(List.of(3L), ok(call(host, 9, 3, "clients")));
  }

  @Test
  void wakeNAndWakeAllResumeInArrivalOrderAndSayHowMany() {
    for (long client = 1; client <= 4; client++) {
      parked(call(host, client, 1, "await"));
    }
    Execution two = call(host, 9, 1, "wake", 2, "go");
    assertEquals(2L, ok(two));
    assertEquals(List.of(1L, 2L), clients(two));
    Execution rest = call(host, 9, 2, "wakeAll", "go");
    assertEquals(2L, ok(rest));
    assertEquals(List.of(3L, 4L), clients(rest));
    assertEquals(0L, ok(call(host, 9, 3, "wakeAll", "go")));
    assertEquals(null, ok(call(host, 9, 4, "wakeOne", "go")));
  }

  @Test
  void aWaiterWhoseSessionExpiredIsDroppedAndPassedOver() {
    parked(call(host, 1, 1, "await"));
    parked(call(host, 2, 1, "await"));
    assertEquals(List.of(), host.sessionExpired(1));
    assertEquals(1L, ok(call(host, 9, 1, "size")));
    assertEquals("x", releasedTo(call(host, 9, 2, "wakeOne", "x"), 2));
  }

  @Test
  void anExpiredWaiterTheQueueWasNotToldAboutIsStillPassedOver() {
    ((Waiting) host.instance()).forwardExpiry = false;
    parked(call(host, 1, 1, "await"));
    parked(call(host, 2, 1, "await"));
    host.sessionExpired(1); // the host drops client 1's parked call; the queue still holds it
    assertEquals(List.of(2L), ok(call(host, 9, 1, "clients")));
    assertEquals("x", releasedTo(call(host, 9, 2, "wakeOne", "x"), 2));
  }

  @Test
  void aRetriedCallIsQueuedOnce() {
    parked(call(host, 1, 7, "await"));
    parked(call(host, 1, 7, "await")); // the same (client, seq) executed again
    parked(call(host, 2, 1, "awaitTwice")); // one call parking twice
    assertEquals(2L, ok(call(host, 9, 1, "size")));
    assertEquals(List.of(1L, 2L), clients(call(host, 9, 2, "wakeAll", "x")));
  }

  @Test
  void aWaiterAnsweredThroughAnotherQueueIsPassedOver() {
    parked(call(host, 1, 1, "awaitElsewhere"));
    parked(call(host, 2, 1, "await"));
    ok(call(host, 9, 1, "copyFirst")); // client 1 now waits in both queues, behind client 2
    assertEquals(List.of(2L, 1L), ok(call(host, 9, 2, "clients")));
    assertEquals("early", releasedTo(call(host, 9, 3, "answerOther", "early"), 1));
    Execution late = call(host, 9, 4, "wakeAll", "late");
    assertEquals(1L, ok(late));
    assertEquals(List.of(2L), clients(late));
  }

  @Test
  void aCallThatThrowsAfterParkingIsNotWokenLater() {
    Execution thrown = call(host, 1, 1, "awaitThenThrow");
    assertEquals(Outcome.EXCEPTION, thrown.response().outcome());
    parked(call(host, 2, 1, "await"));
    assertEquals("x", releasedTo(call(host, 9, 1, "wakeOne", "x"), 2));
  }

  @Test
  void tagsComeBackWithTheirWaiters() {
    parked(call(host, 1, 1, "awaitAs", "ann"));
    parked(call(host, 2, 1, "await"));
    assertEquals("1:ann", ok(call(host, 9, 1, "wakeOne", "x")));
    assertEquals("2:null", ok(call(host, 9, 2, "wakeOne", "x")));
  }

  @Test
  void failAllAnswersEveryWaiterWithTheException() {
    parked(call(host, 1, 1, "await"));
    parked(call(host, 2, 1, "await"));
    Execution failed = call(host, 9, 1, "failAll", "closed");
    assertEquals(2L, ok(failed));
    assertEquals(List.of(1L, 2L), clients(failed));
    for (var release : failed.releases()) {
      assertEquals(Outcome.EXCEPTION, release.response().outcome());
      assertEquals(
          List.of("java.lang.IllegalStateException", "closed"),
          ValueCodec.decode(release.response().payload()));
    }
  }

  @Test
  void removeDropsAClientsWaitersWithoutAnsweringThem() {
    parked(call(host, 1, 1, "await"));
    parked(call(host, 2, 1, "await"));
    parked(call(host, 1, 2, "await"));
    Execution removed = call(host, 9, 1, "remove", 1);
    assertEquals(true, ok(removed));
    assertEquals(List.of(), removed.releases());
    assertEquals(false, ok(call(host, 9, 2, "remove", 1)));
    assertEquals(List.of(2L), ok(call(host, 9, 3, "clients")));
  }

  @Test
  void aMovedWaiterIsAnsweredOnceFromItsNewQueue() {
    parked(call(host, 1, 1, "awaitElsewhere"));
    ok(call(host, 9, 1, "moveAll"));
    ok(call(host, 9, 2, "moveAll")); // nothing left to move
    Execution woken = call(host, 9, 3, "wakeAll", "here");
    assertEquals("here", unblocked(woken.releases().get(0)));
    assertEquals(1, woken.releases().size());
  }

  @Test
  void theHandleIsAPlainValueOfClientAndSeq() {
    parked(call(host, 4, 9, "awaitAs", "t"));
    Parked handle = host.parked().get(0);
    assertEquals(new Waiter(handle, "t"), ((Waiting) host.instance()).queue.waiters().get(0));
  }
}
