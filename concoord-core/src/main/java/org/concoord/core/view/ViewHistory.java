package org.concoord.core.view;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.concoord.core.command.Reconfigure;

/**
 * Which view governs which slot. Entries are (first slot governed, view), in increasing slot order.
 * Replicated state: every replica derives it from the same executed commands, so every replica
 * switches views at the same slot. Old entries are dropped once their slots are below every slot
 * still needed ({@link #forgetBelow}).
 */
public final class ViewHistory {
  /** One view and the first slot it governs. */
  public record Entry(long fromSlot, View view) {
    public Entry {
      Objects.requireNonNull(view, "view");
    }
  }

  private final List<Entry> entries = new ArrayList<>();

  public ViewHistory(View initial) {
    entries.add(new Entry(1, initial));
  }

  public ViewHistory(List<Entry> entries) {
    if (entries.isEmpty()) {
      throw new IllegalArgumentException("a view history needs at least one view");
    }
    this.entries.addAll(entries);
  }

  /** The view that governs {@code slot}. */
  public View viewAt(long slot) {
    for (int i = entries.size() - 1; i >= 0; i--) {
      if (entries.get(i).fromSlot() <= slot) {
        return entries.get(i).view();
      }
    }
    return entries.get(0).view();
  }

  /** The newest view known (it may govern only slots not yet reached). */
  public View latest() {
    return entries.get(entries.size() - 1).view();
  }

  /** Records that {@code view} governs from {@code fromSlot} on. */
  public void add(long fromSlot, View view) {
    Entry last = entries.get(entries.size() - 1);
    if (fromSlot < last.fromSlot()) {
      throw new IllegalStateException(
          "view " + view + " from slot " + fromSlot + " precedes " + last);
    }
    if (fromSlot == last.fromSlot()) {
      entries.set(entries.size() - 1, new Entry(fromSlot, view));
    } else {
      entries.add(new Entry(fromSlot, view));
    }
  }

  /**
   * Applies {@code change}, decided in {@code slot}, the way every learner of the log must: if the
   * newest view permits it, the changed view governs from {@code slot + View.WINDOW} on. Returns
   * whether the view changed (a refused change is decided but ignored, the same everywhere).
   * Replicas ({@code SlotExecutor}) and nameservers ({@code ViewLearner}) share this one rule.
   */
  public boolean applyDecided(long slot, Reconfigure change) {
    View latest = latest();
    if (!latest.permits(change)) {
      return false;
    }
    add(slot + View.WINDOW, latest.apply(change));
    return true;
  }

  /**
   * Replaces the genesis view. Only for bootstrapping, before anything was decided: the caller
   * guarantees that no slot has been proposed under the view being replaced.
   */
  public void replaceGenesis(View genesis) {
    if (entries.size() != 1 || entries.get(0).fromSlot() != 1) {
      throw new IllegalStateException("the genesis view is fixed once the view has changed");
    }
    entries.set(0, new Entry(1, genesis));
  }

  /** Replaces every entry by {@code restored} (a snapshot's), keeping this object's identity. */
  public void replaceAll(List<Entry> restored) {
    if (restored.isEmpty()) {
      throw new IllegalArgumentException("a view history needs at least one view");
    }
    for (int i = 1; i < restored.size(); i++) {
      if (restored.get(i).fromSlot() <= restored.get(i - 1).fromSlot()) {
        throw new IllegalArgumentException("view entries out of slot order: " + restored);
      }
    }
    entries.clear();
    entries.addAll(restored);
  }

  /** Drops views that govern only slots below {@code slot}. */
  public void forgetBelow(long slot) {
    while (entries.size() > 1 && entries.get(1).fromSlot() <= slot) {
      entries.remove(0);
    }
  }

  public List<Entry> entries() {
    return List.copyOf(entries);
  }
}
