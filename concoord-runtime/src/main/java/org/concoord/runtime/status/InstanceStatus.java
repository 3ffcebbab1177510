package org.concoord.runtime.status;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.concoord.core.NodeId;
import org.concoord.core.codec.Decoded;
import org.concoord.core.codec.MessageCodec;
import org.concoord.core.codec.WireFormat;
import org.concoord.core.message.Message;
import org.concoord.core.message.StatusReply;
import org.concoord.core.message.StatusRequest;
import org.concoord.core.view.Role;
import org.concoord.core.view.View;
import org.concoord.runtime.Addresses;

/**
 * An instance's state as {@code concoord status} and the admin listener's {@code /status} show
 * it: the newest view the bootstrap replicas know, and each member's answer to a {@link
 * StatusRequest} (or none). Blocking: one connection per node, bounded by {@link #TIMEOUT_MILLIS}.
 *
 * @param leaderExecuted the leader's highest executed slot, or -1 if no member leads
 */
public record InstanceStatus(View view, List<Row> rows, long leaderExecuted) {
  public static final int TIMEOUT_MILLIS = 2000;

  /** One member of the view and its answer (null: unreachable). */
  public record Row(Role role, NodeId node, StatusReply reply) {
    /** How far this node lags the leader; -1 for acceptors, the unreachable, or without leader. */
    public long lag(long leaderExecuted) {
      return role != Role.ACCEPTOR && reply != null && leaderExecuted >= 0
          ? Math.max(0, leaderExecuted - reply.slotExecutedMax()) : -1;
    }

    /** This row as {@code status --json} prints it: one JSON object. */
    public String toJson(long leaderExecuted, String dns) {
      String name = role.name().toLowerCase(Locale.ROOT);
      String json;
      if (reply == null) {
        json = String.format(Locale.ROOT,
            "{\"role\":\"%s\",\"address\":\"%s\",\"state\":\"unreachable\"}", name, node);
      } else {
        json = String.format(Locale.ROOT,
            "{\"role\":\"%s\",\"address\":\"%s\",\"state\":\"up\",\"leading\":%b,"
                + "\"ballot\":\"%s\",\"leader\":%s,\"executed\":%d,\"lag\":%d}",
            name, node, reply.leading(), reply.ballot(),
            reply.leader() == null ? "null" : "\"" + reply.leader() + "\"",
            reply.slotExecutedMax(), lag(leaderExecuted));
      }
      return dns == null ? json
          : json.substring(0, json.length() - 1) + ",\"dns\":\"" + dns + "\"}";
    }
  }

  /** Asks {@code bootstrap} for the view, then every member; null if no bootstrap answered. */
  public static InstanceStatus gather(List<NodeId> bootstrap) {
    View view = null;
    Map<NodeId, StatusReply> replies = new LinkedHashMap<>();
    for (NodeId node : bootstrap) {
      StatusReply reply = ask(node);
      if (reply != null) {
        replies.put(node, reply);
        if (reply.view() != null && (view == null || reply.view().epoch() > view.epoch())) {
          view = reply.view();
        }
      }
    }
    if (view == null) {
      return null;
    }
    List<Row> rows = new ArrayList<>();
    long leaderExecuted = -1;
    for (Role role : Role.values()) {
      for (NodeId node : view.members(role)) {
        StatusReply reply = replies.containsKey(node) ? replies.get(node) : ask(node);
        rows.add(new Row(role, node, reply));
        if (reply != null && reply.leading()) {
          leaderExecuted = reply.slotExecutedMax();
        }
      }
    }
    return new InstanceStatus(view, List.copyOf(rows), leaderExecuted);
  }

  /** The rows as {@code status --json} prints them, one JSON object per line. */
  public String toJsonLines(Map<String, String> dnsOf) {
    StringBuilder out = new StringBuilder();
    for (Row row : rows) {
      out.append(row.toJson(leaderExecuted, dnsOf.get(row.node().address()))).append('\n');
    }
    return out.toString();
  }

  /** One status request on a connection of its own; null if the node does not answer in time. */
  public static StatusReply ask(NodeId node) {
    InetSocketAddress address = Addresses.parse(node.address());
    try (Socket socket = new Socket()) {
      socket.connect(address, TIMEOUT_MILLIS);
      socket.setSoTimeout(TIMEOUT_MILLIS);
      socket.getOutputStream().write(MessageCodec.encode(new StatusRequest()));
      DataInputStream in = new DataInputStream(socket.getInputStream());
      int length = in.readInt();
      if (length < 0 || length > WireFormat.FRAME_LENGTH_MAX) {
        return null;
      }
      byte[] frame = new byte[4 + length];
      ByteBuffer.wrap(frame).putInt(length);
      in.readFully(frame, 4, length);
      Decoded<Message> decoded = MessageCodec.decode(frame);
      return decoded instanceof Decoded.Ok<Message> ok && ok.value() instanceof StatusReply reply
          ? reply : null;
    } catch (IOException e) {
      return null;
    }
  }
}
