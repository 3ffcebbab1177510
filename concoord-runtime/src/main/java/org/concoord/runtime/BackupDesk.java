package org.concoord.runtime;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.concoord.core.NodeId;
import org.concoord.core.message.Snapshot;

/**
 * Backups asked for by the admin listener's threads ({@code /backup}), answered on the node's
 * thread, which alone may read the role: the principal is checked against the replicated access
 * policy and the state captured after the last executed slot, both in the same step.
 */
final class BackupDesk {
  /** Backups waiting at once; more are refused (each holds a snapshot of the whole state). */
  static final int PENDING_MAX = 4;

  private final ConcurrentLinkedQueue<Ask> pending = new ConcurrentLinkedQueue<>();

  private record Ask(String principal, CompletableFuture<Snapshot> answer) {}

  /** Any thread: a backup for {@code principal}, answered at the node's next {@link #answer}. */
  CompletableFuture<Snapshot> ask(String principal) {
    CompletableFuture<Snapshot> answer = new CompletableFuture<>();
    if (pending.size() >= PENDING_MAX) {
      answer.completeExceptionally(new IllegalStateException("too many backups asked at once"));
    } else {
      pending.add(new Ask(principal, answer));
    }
    return answer;
  }

  /** The node's thread: answers every backup asked so far from {@code role}. */
  void answer(NodeRole role, NodeId self) {
    Ask ask;
    while ((ask = pending.poll()) != null) {
      if (!role.isAdmin(ask.principal())) {
        ask.answer()
            .completeExceptionally(
                new SecurityException(
                    "backups are for admin" + " principals, not '" + ask.principal() + "'"));
        continue;
      }
      Snapshot snapshot = role.backup();
      if (snapshot == null) {
        ask.answer()
            .completeExceptionally(
                new IllegalStateException(
                    self
                        + " holds no replicated state to back up (not a replica, or nothing executed yet)"));
      } else {
        ask.answer().complete(snapshot);
      }
    }
  }
}
