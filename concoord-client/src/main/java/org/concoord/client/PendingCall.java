package org.concoord.client;

import java.util.concurrent.CompletableFuture;
import org.concoord.core.command.Call;
import org.concoord.core.message.ClientReply;

/**
 * One call awaiting its final reply, as its caller waits for it: its id in the session (its seq),
 * what it calls and its deadline. The future completes with the final {@link ClientReply}, or
 * exceptionally on timeout, unavailability, an expired session or close. Where its attempts went is
 * the session's ({@code ClientSession.describe}).
 */
final class PendingCall {
  final long seq;
  final Call call;
  final long deadlineNanos;
  final CompletableFuture<ClientReply> reply = new CompletableFuture<>();

  PendingCall(long seq, Call call, long deadlineNanos) {
    this.seq = seq;
    this.call = call;
    this.deadlineNanos = deadlineNanos;
  }

  @Override
  public String toString() {
    return "'" + call.method() + "' #" + seq;
  }
}
