package org.concoord.client;

import java.util.concurrent.CompletableFuture;
import org.concoord.core.command.Call;
import org.concoord.core.command.ReadMode;
import org.concoord.core.message.ClientReply;

/**
 * One call awaiting its final reply: its seq (fixed for all its attempts, which is what makes a
 * resend safe), what it calls, its deadline, and where its current attempt went. The future
 * completes with the final {@link ClientReply}, or exceptionally on timeout, unavailability or
 * close; the attempt fields are written by whichever thread sends and read by the supervisor.
 */
final class PendingCall {
  final long seq;
  final Call call;
  /** How it may be answered if it reads only (issue 20). */
  final ReadMode readMode;
  final long startNanos;
  final long deadlineNanos;
  final CompletableFuture<ClientReply> reply = new CompletableFuture<>();

  /** When the current attempt was sent (System.nanoTime), on {@link #connection}. */
  volatile long sentNanos;
  /** The connection the current attempt went to, or null if none was sent yet. */
  volatile Connection connection;
  /** The replica answered BLOCKED on the current connection: a parked call, not a lost one. */
  volatile boolean blocked;
  volatile int attempts;

  PendingCall(long seq, Call call, ReadMode readMode, long startNanos, long deadlineNanos) {
    this.seq = seq;
    this.call = call;
    this.readMode = readMode;
    this.startNanos = startNanos;
    this.deadlineNanos = deadlineNanos;
  }

  @Override
  public String toString() {
    return "'" + call.method() + "' #" + seq;
  }
}
