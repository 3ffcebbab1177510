package org.concoord.runtime;

import org.concoord.core.NodeId;
import org.concoord.core.effects.Effects;
import org.concoord.core.message.ClientRequest;
import org.concoord.core.message.Message;
import org.concoord.core.message.StatusReply;
import org.concoord.core.message.WatchRequest;

/** What a node runs on its thread: a replica or an acceptor, with its joining logic. */
interface NodeRole {
  void onPeerMessage(NodeId from, Message message, Effects effects);

  void onClientRequest(ClientRequest request, Effects effects);

  void onTick(Effects effects);

  /**
   * The node's thread was late by more ticks than it catches up: its tick count lost time against
   * real time (a replica's read lease, counted in ticks, may have run out meanwhile).
   */
  default void clockJumped() {}

  /** A client's watch request (issue 21); only a replica serves watches. */
  default void onWatchRequest(WatchRequest request, Effects effects) {
    effects.push(
        org.concoord.core.message.WatchEvent.refused(
            request,
            org.concoord.core.message.Reason.TRY_ANOTHER_REPLICA,
            "this node is not a replica: watch on one"));
  }

  /** The connection of watch {@code (clientId, watchId)} closed. */
  default void watchClosed(long clientId, long watchId) {}

  /** A line for the node's status output. */
  String describe();

  /** The node's answer to an operator's status request. */
  StatusReply status();

  /** The slot being executed now (a replica), or 0; any thread may ask (a racy hint). */
  default long slotExecuting() {
    return 0;
  }

  /**
   * The node stops on its object's fault at {@code slot}: keep {@code reason} where status and
   * start find it. Returns the reason as kept. Any thread.
   */
  default String stopped(long slot, String reason) {
    return reason;
  }

  /** The node has stopped: release what the role holds (files, threads). Idempotent. */
  default void close() {}

  /** Client sessions this node holds (a replica's reply cache), for metrics. */
  default int sessions() {
    return 0;
  }

  /** The principal of the bearer token hashing to {@code hashHex} (SHA-256, hex), or null. */
  default String principalOfToken(String hashHex) {
    return null; // only a replica holds the access policy, and with it the tokens
  }

  /**
   * Whether {@code principal} may read status details: a replica asks its replicated policy; other
   * nodes know none, so only the built-in admin principal.
   */
  default boolean isAdmin(String principal) {
    return org.concoord.core.access.AccessPolicy.ADMIN.equals(principal);
  }

  /**
   * The replicated state after the last executed slot (a replica's, for a backup), or null: not a
   * replica, or nothing executed yet. On the node's thread.
   */
  default org.concoord.core.message.Snapshot backup() {
    return null;
  }

  /** The object a replica hosts (for its fencing-token metrics), else null. */
  default Object hostedObject() {
    return null;
  }
}
