package org.concoord.core.acceptor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.concoord.core.Ballot;
import org.concoord.core.NodeId;
import org.concoord.core.PValue;
import org.concoord.core.codec.MessageCodec;
import org.concoord.core.command.Batch;
import org.concoord.core.command.Call;
import org.concoord.core.command.ClientCommand;
import org.concoord.core.effects.Effects;
import org.concoord.core.message.Prepare;
import org.concoord.core.message.Promise;
import org.concoord.core.message.Propose;
import org.junit.jupiter.api.Test;

/** A Promise that would be over the frame bound comes in parts, each of which encodes. */
class PromisePartsTest {
  private static final NodeId LEADER = NodeId.of("r1:1");
  private static final NodeId OTHER = NodeId.of("r2:1");

  @Test
  void manyLargeAcceptedValuesArePromisedInPartsInSlotOrderTheLastWithoutMore() {
    Acceptor acceptor = new Acceptor(NodeId.of("a1:1"));
    Ballot first = new Ballot(1, LEADER);
    for (long slot = 1; slot <= 5; slot++) {
      ClientCommand command = new ClientCommand(slot, 1, 0, new Call("put", new byte[5 << 20]));
      acceptor.onMessage(
          LEADER,
          new Propose(new PValue(first, slot, new Batch(0, List.of(command)))),
          new Effects());
    }
    Effects effects = new Effects();
    acceptor.onMessage(OTHER, new Prepare(new Ballot(2, OTHER), 1), effects);

    List<Promise> parts = new ArrayList<>();
    for (Effects.Effect effect : effects.list()) {
      if (effect instanceof Effects.Send send && send.message() instanceof Promise promise) {
        parts.add(promise);
      }
    }
    assertTrue(parts.size() >= 2, "25 MiB of pvalues cannot go in one frame: " + parts.size());
    long slot = 1;
    for (int i = 0; i < parts.size(); i++) {
      Promise part = parts.get(i);
      assertEquals(i < parts.size() - 1, part.more(), "only the last part has more unset");
      for (PValue pvalue : part.accepted()) {
        assertEquals(slot++, pvalue.slot());
      }
      MessageCodec.encode(part); // within the frame bound
    }
    assertEquals(6, slot, "every accepted pvalue reported once");
    assertFalse(parts.get(parts.size() - 1).more());
  }
}
