package org.concoord.core.acceptor;

import java.util.Set;
import org.concoord.core.Ballot;
import org.concoord.core.Mutation;
import org.concoord.core.NodeId;
import org.concoord.core.Observer;
import org.concoord.core.message.Heartbeat;
import org.concoord.core.message.Message;
import org.concoord.core.message.Prepare;
import org.concoord.core.message.Propose;
import org.concoord.core.message.ReadCheck;
import org.concoord.core.message.Truncate;

/**
 * The acceptor's door guard: which peer may send which message, by ballot. An acceptor does not
 * know the view, so it checks what it can know:
 *
 * <ul>
 *   <li>{@code Prepare}, {@code Propose}, {@code Heartbeat} and {@code ReadCheck} only from the
 *       ballot's own leader (a leader speaks only for its own ballot), and only for a ballot within
 *       {@link Ballot#ROUND_STEP_MAX} rounds of the promised one, so no peer can push the promise
 *       to the top of the range and lock every later leader out;
 *   <li>{@code Truncate} only from the leader of the promised ballot (the current leader), and
 *       never beyond the highest slot this acceptor has accepted: it forgets only what it holds.
 * </ul>
 *
 * A message that fails is dropped before any state changes, and a mark {@code
 * senders.refused.<rule>} is left for the observer.
 *
 * <p>Not thread-safe. Does no I/O. Reads no clock.
 */
final class AcceptorSenders {
  private final Observer observer;
  private final boolean trustAnySender;

  AcceptorSenders(Set<Mutation> mutations, Observer observer) {
    this.observer = observer;
    this.trustAnySender = mutations.contains(Mutation.ACCEPTOR_TRUSTS_ANY_SENDER);
  }

  /**
   * Whether {@code message} from {@code from} may pass, for an acceptor that promised {@code
   * promised} and accepted nothing above {@code slotAcceptedMax}.
   */
  boolean admits(NodeId from, Message message, Ballot promised, long slotAcceptedMax) {
    if (trustAnySender) {
      return true;
    }
    String refusal = refusal(from, message, promised, slotAcceptedMax);
    if (refusal == null) {
      return true;
    }
    observer.mark("senders.refused." + refusal);
    return false;
  }

  private static String refusal(
      NodeId from, Message message, Ballot promised, long slotAcceptedMax) {
    if (message instanceof Prepare prepare) {
      return ballotRefusal("prepare", from, prepare.ballot(), promised);
    } else if (message instanceof Propose propose) {
      return ballotRefusal("propose", from, propose.pvalue().ballot(), promised);
    } else if (message instanceof Heartbeat heartbeat) {
      return ballotRefusal("heartbeat", from, heartbeat.ballot(), promised);
    } else if (message instanceof ReadCheck check) {
      return ballotRefusal("read-check", from, check.ballot(), promised);
    } else if (message instanceof Truncate truncate) {
      if (!from.equals(promised.leader())) {
        return "truncate-not-from-leader";
      }
      if (truncate.slotBelow() - 1 > slotAcceptedMax) {
        return "truncate-beyond-accepted";
      }
    }
    return null;
  }

  private static String ballotRefusal(String kind, NodeId from, Ballot ballot, Ballot promised) {
    if (!from.equals(ballot.leader())) {
      return kind + "-for-another-leader";
    }
    return ballot.isWithinReachOf(promised) ? null : kind + "-ballot-absurd";
  }
}
