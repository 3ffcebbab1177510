package org.concoord.runtime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.concoord.core.codec.MessageCodec;
import org.concoord.core.command.ClientCommand;
import org.concoord.core.host.ReplyLimit;
import org.concoord.core.message.ClientReply;
import org.concoord.core.message.ClientRequest;
import org.concoord.core.message.Outcome;
import org.concoord.core.message.Reason;
import org.concoord.core.message.Refusal;
import org.concoord.core.message.WatchEvent;
import org.concoord.core.message.WatchRequest;

/**
 * The client side of a node's transport: stamps each client request and watch request with the
 * principal of its connection, refuses a client id another principal uses here, and routes the
 * replies and watch events back (replies on the connection their request came on, {@link
 * RequestRoutes}; events on their watch's, {@link WatchRoutes}).
 *
 * <p>Not thread-safe: the node thread's.
 */
final class ClientDoor {
  /** Most client ids whose principal is remembered; the least recently used are forgotten. */
  static final int CLIENT_OWNERS_MAX = 1 << 16;

  private final TlsGate gate;
  private final OutputQueues output;
  private final NetLimits limits;
  private final QuietLog quiet;
  private final Transport.Handler handler;

  /**
   * client id -> the principal that first sent it here: a connection of another principal never
   * takes over its route, so it cannot receive the owner's replies (review F4). Bounded like the
   * routes; the replicated session owner is the authority, this only guards the way back.
   */
  private final Map<Long, String> clientOwners =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, String> eldest) {
          return size() > CLIENT_OWNERS_MAX;
        }
      };

  private final RequestRoutes requestRoutes = new RequestRoutes();
  private final WatchRoutes watchRoutes = new WatchRoutes();

  /** Watches whose connection closed, for the node to end ({@link #takeClosedWatches}). */
  private final List<WatchRoutes.Key> watchesClosed = new ArrayList<>();

  ClientDoor(
      TlsGate gate,
      OutputQueues output,
      NetLimits limits,
      QuietLog quiet,
      Transport.Handler handler) {
    this.gate = gate;
    this.output = output;
    this.limits = limits;
    this.quiet = quiet;
    this.handler = handler;
  }

  /**
   * A client's request, as sent by the principal of its connection ({@link TlsGate#principal}):
   * refused here if its client id is another principal's, else routed and handed on.
   */
  void onClientRequest(Connection connection, ClientRequest request) {
    String principal = gate.principal(connection, request.command().principal());
    ClientCommand command = request.command().withPrincipal(principal);
    long clientId = command.clientId();
    String owner = clientOwners.putIfAbsent(clientId, principal);
    if (owner != null && !owner.equals(principal)) {
      quiet.log(
          Level.WARNING,
          "wrong-principal",
          "principal '"
              + principal
              + "' sent a request"
              + " with the client id of principal '"
              + owner
              + "': refused");
      output.write(
          connection,
          MessageCodec.encode(
              new ClientReply(
                  clientId,
                  command.seq(),
                  Outcome.REJECTED,
                  Refusal.encode(
                      Reason.WRONG_PRINCIPAL,
                      "this client id's session"
                          + " belongs to another principal; start a new session"),
                  null)));
      return;
    }
    requestRoutes.arrived(clientId, command.seq(), connection);
    if (request.hasReadOptions()) {
      connection.readsSlots = true; // a client of issue 20: its replies may carry their slot
    }
    handler.onClientRequest(
        command == request.command()
            ? request
            : new ClientRequest(command, request.read(), request.slotSeen()));
  }

  /**
   * A client's watch request: its principal set as for a call, refused if its client id is another
   * principal's or the connection holds too many watches, else routed and handed on.
   */
  void onWatchRequest(Connection connection, WatchRequest request) {
    WatchRequest stamped =
        request.withPrincipal(gate.principal(connection, request.command().principal()));
    String principal = stamped.command().principal();
    WatchRoutes.Key key = new WatchRoutes.Key(request.clientId(), request.watchId());
    String owner = clientOwners.putIfAbsent(key.clientId(), principal);
    Refusal refusal =
        owner != null && !owner.equals(principal)
            ? new Refusal(
                Reason.WRONG_PRINCIPAL,
                "this client id belongs to another principal; use a client id of your own")
            : watchRoutes.open(key, connection);
    if (refusal != null) {
      output.write(
          connection,
          MessageCodec.encode(
              new WatchEvent(
                  key.clientId(), key.watchId(), 0, WatchEvent.Kind.ENDED, refusal.encode())));
      return;
    }
    handler.onWatchRequest(stamped);
  }

  /** Sends a reply on the connection its request came on, if it is still open here. */
  void reply(ClientReply reply) {
    Connection connection = requestRoutes.routeOf(reply.clientId(), reply.seq(), reply.outcome());
    if (connection == null || !connection.channel.isOpen()) {
      return;
    }
    if (!connection.readsSlots && reply.slot() > 0) {
      reply = reply.atSlot(0); // an older client refuses a reply with a slot as trailing bytes
    }
    byte[] frame;
    try {
      frame = MessageCodec.encode(reply);
    } catch (RuntimeException e) {
      // The replica caps payloads before this; should one still not fit, say so to the client.
      quiet.log(
          Level.WARNING,
          "encode",
          "a reply to client " + reply.clientId() + " cannot be encoded: " + e.getMessage());
      frame =
          MessageCodec.encode(
              new ClientReply(
                  reply.clientId(),
                  reply.seq(),
                  Outcome.EXCEPTION,
                  ReplyLimit.tooLarge(reply.payload().length),
                  null));
    }
    output.write(connection, frame);
  }

  /** Sends a watch event on its watch's connection; a slow watcher's values are coalesced. */
  void push(WatchEvent event) {
    WatchRoutes.Key key = WatchRoutes.Key.of(event);
    Connection connection = watchRoutes.routeOf(key);
    if (event.kind() == WatchEvent.Kind.ENDED) {
      watchRoutes.ended(key);
    }
    if (connection == null || !connection.channel.isOpen()) {
      return;
    }
    byte[] frame;
    try {
      frame = MessageCodec.encode(event);
    } catch (RuntimeException e) {
      quiet.log(
          Level.WARNING,
          "encode",
          "a watch event for client " + event.clientId() + " cannot be encoded: " + e.getMessage());
      return;
    }
    if (!WatchRoutes.mustWait(connection, event)) {
      output.write(connection, frame);
    } else if (WatchRoutes.hold(connection, event, frame) > limits.outputBytesPerConnectionMax()) {
      output.closeForOutput(
          connection,
          "coalesced watch values over "
              + limits.outputBytesPerConnectionMax()
              + " bytes: the watcher does not read");
    }
  }

  /** {@code connection} closed: the watches routed to it end. */
  void closed(Connection connection) {
    watchesClosed.addAll(watchRoutes.closed(connection));
  }

  /** The watches whose connection closed since the last call; the replica ends them. */
  List<WatchRoutes.Key> takeClosedWatches() {
    if (watchesClosed.isEmpty()) {
      return List.of();
    }
    List<WatchRoutes.Key> closed = List.copyOf(watchesClosed);
    watchesClosed.clear();
    return closed;
  }

  /** Watches routed by this node now (for status and metrics). */
  int watchCount() {
    return watchRoutes.size();
  }
}
