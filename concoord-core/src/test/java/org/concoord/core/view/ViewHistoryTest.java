package org.concoord.core.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.concoord.core.NodeId;
import org.concoord.core.command.Reconfigure;
import org.junit.jupiter.api.Test;

/** Which view governs which slot: every replica derives the same answer from the same log. */
class ViewHistoryTest {
  private final View v0 = View.initial(List.of(NodeId.of("r1")), List.of(NodeId.of("a1")));
  private final View v1 = v0.apply(Reconfigure.add(Role.ACCEPTOR, NodeId.of("a2")));
  private final View v2 = v1.apply(Reconfigure.add(Role.ACCEPTOR, NodeId.of("a3")));

  private ViewHistory history() {
    ViewHistory history = new ViewHistory(v0);
    history.add(11, v1);
    history.add(21, v2);
    return history;
  }

  @Test
  void theInitialViewGovernsFromSlotOne() {
    ViewHistory history = new ViewHistory(v0);
    assertSame(v0, history.viewAt(1));
    assertSame(v0, history.viewAt(1_000_000));
    assertSame(v0, history.latest());
  }

  @Test
  void eachViewGovernsFromItsFirstSlotUpToTheNextView() {
    ViewHistory history = history();
    assertSame(v0, history.viewAt(10));
    assertSame(v1, history.viewAt(11));
    assertSame(v1, history.viewAt(20));
    assertSame(v2, history.viewAt(21));
    assertSame(v2, history.viewAt(500));
    assertSame(v2, history.latest());
  }

  @Test
  void aSlotBelowTheFirstEntryGetsTheOldestView() {
    assertSame(v0, history().viewAt(0));
  }

  @Test
  void addAtTheSameSlotReplacesTheView() {
    ViewHistory history = history();
    View v2b = v1.apply(Reconfigure.add(Role.REPLICA, NodeId.of("r2")));
    history.add(21, v2b);
    assertSame(v2b, history.viewAt(21));
    assertEquals(3, history.entries().size());
  }

  @Test
  void addBeforeTheNewestEntryIsRefused() {
    assertThrows(IllegalStateException.class, () -> history().add(20, v2));
  }

  @Test
  void forgetBelowDropsViewsThatGovernOnlyEarlierSlots() {
    ViewHistory history = history();
    history.forgetBelow(15);
    assertEquals(
        List.of(new ViewHistory.Entry(11, v1), new ViewHistory.Entry(21, v2)), history.entries());
    assertSame(v1, history.viewAt(15));
  }

  @Test
  void forgetBelowKeepsAViewThatStillGovernsTheSlot() {
    ViewHistory history = history();
    history.forgetBelow(10);
    assertEquals(3, history.entries().size());
    history.forgetBelow(11);
    assertEquals(2, history.entries().size());
  }

  @Test
  void forgetBelowAlwaysKeepsTheNewestView() {
    ViewHistory history = history();
    history.forgetBelow(1_000);
    assertEquals(List.of(new ViewHistory.Entry(21, v2)), history.entries());
    assertSame(v2, history.viewAt(1));
  }

  @Test
  void anEmptyHistoryIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new ViewHistory(List.of()));
  }

  @Test
  void aDecidedChangeGovernsWindowSlotsAfterItsSlotAndARefusedOneChangesNothing() {
    ViewHistory history = new ViewHistory(v0);

    assertEquals(true, history.applyDecided(4, Reconfigure.add(Role.ACCEPTOR, NodeId.of("a2"))));
    assertEquals(false, history.applyDecided(5, Reconfigure.remove(Role.REPLICA, NodeId.of("r1"))));

    assertSame(v0, history.viewAt(4 + View.WINDOW - 1));
    assertEquals(v1, history.viewAt(4 + View.WINDOW));
    assertEquals(v1, history.latest());
  }
}
