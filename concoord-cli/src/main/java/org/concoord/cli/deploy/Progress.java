package org.concoord.cli.deploy;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The deployment's progress, one line per node with its state. On a terminal the lines are redrawn
 * in place (ANSI cursor movement); otherwise each change is printed as a plain line of its own, so
 * a log or a pipe reads as a history. Notes (host keys learned, steps done on a host) are printed
 * above the node lines.
 */
public final class Progress {
  /** A node's state, in the order a deployment passes through them. */
  enum State {
    PLACING,
    COPYING,
    STARTING,
    LISTENING,
    MEMBER,
    SERVING,
    FAILED,
    STOPPED;

    String word() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private record Line(String node, String host, State state, String detail) {}

  private final PrintStream out;
  private final boolean redraw;
  private final List<Line> lines = new ArrayList<>();
  private int drawn;

  Progress(PrintStream out, boolean redraw) {
    this.out = out;
    this.redraw = redraw;
  }

  /** Redraws in place only when the output is a terminal that understands ANSI. */
  public static Progress forStdout() {
    boolean terminal = System.console() != null && !"dumb".equals(System.getenv("TERM"));
    return new Progress(System.out, terminal);
  }

  /** Adds a node in state {@code placing}; returns its index for {@link #set}. */
  synchronized int add(String node, String host) {
    lines.add(new Line(node, host, State.PLACING, ""));
    int index = lines.size() - 1;
    if (redraw) {
      draw();
    } else {
      out.println(plain(lines.get(index)));
    }
    return index;
  }

  synchronized void set(int index, State state, String detail) {
    Line old = lines.get(index);
    Line now = new Line(old.node(), old.host(), state, detail == null ? "" : detail);
    if (now.equals(old)) {
      return;
    }
    lines.set(index, now);
    if (redraw) {
      draw();
    } else {
      out.println(plain(now));
    }
  }

  synchronized State state(int index) {
    return lines.get(index).state();
  }

  /** A message of its own, above the node lines. */
  synchronized void note(String message) {
    if (redraw) {
      clear();
      out.println(message);
      draw();
    } else {
      out.println(message);
    }
  }

  private void clear() {
    if (drawn > 0) {
      out.print("\033[" + drawn + "A"); // to the first node line
      for (int i = 0; i < drawn; i++) {
        out.print("\r\033[2K\n");
      }
      out.print("\033[" + drawn + "A");
      drawn = 0;
    }
  }

  private void draw() {
    if (drawn > 0) {
      out.print("\033[" + drawn + "A");
    }
    for (Line line : lines) {
      out.print("\r\033[2K" + row(line) + "\n");
    }
    drawn = lines.size();
    out.flush();
  }

  static String row(Line line) {
    return String.format(
            Locale.ROOT,
            "  %-14s %-22s %-10s %s",
            line.node(),
            line.host(),
            line.state().word(),
            line.detail())
        .stripTrailing();
  }

  static String plain(Line line) {
    return line.node()
        + " on "
        + line.host()
        + ": "
        + line.state().word()
        + (line.detail().isEmpty() ? "" : " (" + line.detail() + ")");
  }
}
