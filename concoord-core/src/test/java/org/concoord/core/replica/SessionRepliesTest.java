package org.concoord.core.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import org.concoord.core.host.Response;
import org.concoord.core.message.Outcome;
import org.concoord.core.message.Snapshot;
import org.junit.jupiter.api.Test;

/**
 * A session's replies and parked calls, checked against what they replaced: a tree map of replies
 * and a tree set of parked seqs, under dense, out-of-order, sparse and extreme seqs.
 */
class SessionRepliesTest {
  /** The former structure: the model every operation is compared against. */
  private final TreeMap<Long, Response> modelReplies = new TreeMap<>();

  private final TreeSet<Long> modelParked = new TreeSet<>();
  private final SessionReplies replies = new SessionReplies();

  private static Response reply(int size) {
    return new Response(Outcome.OK, new byte[size]);
  }

  @Test
  void denseSeqsAcknowledgedInOrderAreFoundAndDropped() {
    for (long seq = 1; seq <= 100; seq++) {
      replies.put(seq, reply(3));
    }
    replies.park(101);
    assertEquals(101, replies.outstanding());
    assertEquals(3 * 40, replies.dropBelow(41));
    assertNull(replies.reply(40));
    assertEquals(3, replies.reply(41).payload().length);
    assertTrue(replies.isParked(101));
    assertEquals(61, replies.outstanding());
  }

  @Test
  void aReleasedCallIsNoLongerParkedAndAReplacedReplyIsReturned() {
    Response first = reply(1);
    replies.park(7);
    assertNull(replies.put(7, first));
    assertFalse(replies.isParked(7));
    assertSame(first, replies.put(7, reply(2)));
    assertEquals(1, replies.outstanding());
  }

  @Test
  void seqsFarApartTakeMemoryByEntriesNotBySpan() {
    replies.put(Long.MIN_VALUE, reply(1));
    replies.put(Long.MAX_VALUE, reply(1));
    replies.put(0, reply(1));
    assertEquals(3, replies.replyCount());
    assertEquals(1, replies.reply(Long.MAX_VALUE).payload().length);
    assertNull(replies.reply(Long.MAX_VALUE - 1));
    assertEquals(
        List.of(Long.MIN_VALUE, 0L, Long.MAX_VALUE),
        replies.exportReplies().stream().map(Snapshot.Reply::seq).toList());
  }

  @Test
  void randomOperationsAgreeWithTheTreeMaps() {
    for (long seed = 1; seed <= 50; seed++) {
      modelReplies.clear();
      modelParked.clear();
      SessionReplies fresh = new SessionReplies();
      runAgainstModel(fresh, new SplittableRandom(seed), seed);
    }
  }

  private void runAgainstModel(SessionReplies under, SplittableRandom random, long seed) {
    long next = 1;
    long ackedBelow = 1;
    for (int step = 0; step < 500; step++) {
      int op = random.nextInt(10);
      // Mostly the next seq; sometimes a gap, a retry below, or one far away.
      long seq =
          switch (random.nextInt(8)) {
            case 0 -> next + random.nextInt(50);
            case 1 -> ackedBelow + random.nextInt(20) - 5;
            case 2 -> random.nextLong();
            default -> next;
          };
      if (op < 5) {
        next = Math.max(next, seq + 1);
        Response response = reply(random.nextInt(4));
        modelParked.remove(seq);
        assertSame(modelReplies.put(seq, response), under.put(seq, response), "seed " + seed);
      } else if (op < 7) {
        modelParked.add(seq);
        under.park(seq);
      } else if (op < 8) {
        ackedBelow = Math.max(ackedBelow, Math.min(next, ackedBelow + random.nextInt(30)));
        long bytes = 0;
        for (Response r : modelReplies.headMap(ackedBelow).values()) {
          bytes += r.payload().length;
        }
        modelReplies.headMap(ackedBelow).clear();
        modelParked.headSet(ackedBelow).clear();
        assertEquals(bytes, under.dropBelow(ackedBelow), "seed " + seed);
      }
      assertSameContents(under, seq, seed);
    }
  }

  private void assertSameContents(SessionReplies under, long probe, long seed) {
    String at = "seed " + seed;
    assertEquals(modelReplies.size() + modelParked.size(), under.outstanding(), at);
    assertEquals(modelReplies.get(probe), under.reply(probe), at);
    assertEquals(modelParked.contains(probe), under.isParked(probe), at);
    assertEquals(
        modelReplies.containsKey(probe) || modelParked.contains(probe), under.contains(probe), at);
    List<Snapshot.Reply> expected = new ArrayList<>();
    modelReplies.forEach((seq, response) -> expected.add(new Snapshot.Reply(seq, response)));
    assertEquals(expected, under.exportReplies(), at);
    assertEquals(List.copyOf(modelParked), under.parkedSeqs(), at);
  }
}
