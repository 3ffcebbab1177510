package org.concoord.runtime;

import java.util.Objects;
import org.concoord.core.view.View;

/**
 * What a nameserver node knows of the instance, as handed to its DNS side.
 *
 * @param view the newest view learned
 * @param serial increases on every view change (the view's epoch): a DNS zone's SOA serial
 * @param caughtUp whether the node has once learned every slot a leader announced; before that the
 *     view may be far behind the instance's
 */
public record LearnedView(View view, long serial, boolean caughtUp) {
  public LearnedView {
    Objects.requireNonNull(view, "view");
  }
}
