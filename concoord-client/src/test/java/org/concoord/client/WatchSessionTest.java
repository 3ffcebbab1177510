package org.concoord.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import org.concoord.core.NodeId;
import org.concoord.core.command.Call;
import org.concoord.core.message.Reason;
import org.concoord.core.message.Refusal;
import org.concoord.core.message.WatchEvent;
import org.concoord.core.message.WatchRequest;
import org.concoord.core.value.ValueCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a watch delivers of the events that reach it, whichever replica sent them: in slot order,
 * never older than delivered, never the same value twice; a write stream's replay after a resume
 * skips the calls of its last slot it already delivered.
 */
class WatchSessionTest {
  private static final long CLIENT = 42;

  /** No node listens here: the session never connects, events are handed in directly. */
  private final WatchSession session =
      new WatchSession(
          new BootstrapResolver() {
            @Override
            public List<NodeId> nodes() {
              return List.of(NodeId.of("127.0.0.1:1"));
            }

            @Override
            public String describe() {
              return "nowhere";
            }
          },
          ClientOptions.defaults().insecure(),
          CLIENT);

  private final List<String> delivered = new ArrayList<>();

  @AfterEach
  void close() {
    session.close();
  }

  private WatchSession.Entry open(WatchRequest.Mode mode) {
    return (WatchSession.Entry)
        session.open(
            new Call("get", ValueCodec.encodeArgs()),
            mode,
            0,
            event ->
                delivered.add(
                    event.kind() + " " + ValueCodec.decode(event.payload()) + "@" + event.slot()));
  }

  private void event(WatchSession.Entry watch, WatchEvent.Kind kind, long slot, Object value) {
    session.onWatchEvent(
        null, new WatchEvent(CLIENT, watch.watchId, slot, kind, ValueCodec.encode(value)));
  }

  @Test
  void olderRepeatedAndEqualValuesFromAnyReplicaAreDropped() {
    WatchSession.Entry watch = open(WatchRequest.Mode.VALUE);
    event(watch, WatchEvent.Kind.VALUE, 0, 1L); // a fresh instance: slot 0 is the first value
    event(watch, WatchEvent.Kind.VALUE, 5, 2L);
    event(watch, WatchEvent.Kind.VALUE, 5, 2L); // a duplicate
    event(watch, WatchEvent.Kind.VALUE, 3, 9L); // a replica behind: older
    event(watch, WatchEvent.Kind.VALUE, 7, 2L); // a resume on a replica ahead: the same value
    event(watch, WatchEvent.Kind.CURRENT, 9, 3L);
    assertEquals(List.of("VALUE 1@0", "VALUE 2@5", "CURRENT 3@9"), delivered);
    assertEquals(9, watch.lastSlot());
  }

  @Test
  void aWriteStreamResumesFromTheSlotBeforeItsLastAndSkipsWhatItDelivered() {
    WatchSession.Entry watch = open(WatchRequest.Mode.WRITES);
    event(watch, WatchEvent.Kind.WRITE, 4, "a");
    event(watch, WatchEvent.Kind.WRITE, 4, "b"); // two calls in one slot
    assertEquals(3, watch.resumeSlot(), "the whole of slot 4 comes again");
    event(watch, WatchEvent.Kind.WRITE, 4, "a");
    event(watch, WatchEvent.Kind.WRITE, 4, "b");
    event(watch, WatchEvent.Kind.WRITE, 4, "c"); // the third call of slot 4, not seen before
    event(watch, WatchEvent.Kind.WRITE, 5, "d");
    assertEquals(List.of("WRITE a@4", "WRITE b@4", "WRITE c@4", "WRITE d@5"), delivered);
  }

  @Test
  void aWatchMovesToAnotherReplicaByTheCodeNotTheWording() throws Exception {
    try (ServerSocket listening = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Connection from =
          Connection.open(
              NodeId.of("127.0.0.1:" + listening.getLocalPort()),
              2_000,
              null,
              null,
              session,
              "watch-test");
      WatchSession.Entry watch = open(WatchRequest.Mode.VALUE);
      session.onWatchEvent(
          from,
          new WatchEvent(
              CLIENT,
              watch.watchId,
              0,
              WatchEvent.Kind.ENDED,
              Refusal.encode(Reason.TRY_ANOTHER_REPLICA, "reworded: this one is busy")));
      assertEquals(List.of(), delivered); // not the listener's business: the session moves on
      assertTrue(watch.isActive());
      assertTrue(from.isClosed());
      // The old wording, under a code that ends the watch: it ends.
      session.onWatchEvent(
          from,
          new WatchEvent(
              CLIENT,
              watch.watchId,
              0,
              WatchEvent.Kind.ENDED,
              Refusal.encode(Reason.LIMIT, "watch on another replica")));
      assertEquals(1, delivered.size(), delivered.toString());
      assertFalse(watch.isActive());
    }
  }

  @Test
  void anEndedWatchDeliversNothingMore() {
    WatchSession.Entry watch = open(WatchRequest.Mode.VALUE);
    event(watch, WatchEvent.Kind.ENDED, 0, "access denied");
    event(watch, WatchEvent.Kind.VALUE, 3, 1L);
    assertEquals(List.of("ENDED access denied@0"), delivered);
    assertFalse(watch.isActive());
  }
}
