package org.concoord.runtime.status;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.concoord.client.tls.TlsCredentials;
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
 * An instance's state as {@code concoord status} and the admin listener's {@code /status} show it:
 * the newest view the bootstrap replicas know, and each member's answer to a {@link StatusRequest}
 * (or none). Blocking: one connection per node, bounded by {@link #TIMEOUT_MILLIS}.
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
          ? Math.max(0, leaderExecuted - reply.slotExecutedMax())
          : -1;
    }

    /** This row as {@code status --json} prints it: one JSON object. */
    public String toJson(long leaderExecuted, String dns) {
      String name = role.name().toLowerCase(Locale.ROOT);
      String json;
      if (reply == null) {
        json =
            String.format(
                Locale.ROOT,
                "{\"role\":\"%s\",\"address\":\"%s\",\"state\":\"unreachable\"}",
                name,
                node);
      } else {
        json =
            String.format(
                Locale.ROOT,
                "{\"role\":\"%s\",\"address\":\"%s\",\"state\":\"up\",\"leading\":%b,"
                    + "\"ballot\":\"%s\",\"leader\":%s,\"executed\":%d,\"lag\":%d,"
                    + "\"stateBytes\":%d,\"notice\":%s}",
                name,
                node,
                reply.leading(),
                reply.ballot(),
                reply.leader() == null ? "null" : "\"" + reply.leader() + "\"",
                reply.slotExecutedMax(),
                lag(leaderExecuted),
                reply.stateBytes(),
                reply.notice() == null ? "null" : jsonString(reply.notice()));
      }
      return dns == null
          ? json
          : json.substring(0, json.length() - 1) + ",\"dns\":\"" + dns + "\"}";
    }
  }

  /** {@code text} as a JSON string literal. */
  static String jsonString(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }

  /** Asks {@code bootstrap} for the view, then every member; null if no bootstrap answered. */
  public static InstanceStatus gather(List<NodeId> bootstrap) {
    return gather(bootstrap, null, null);
  }

  /**
   * As {@link #gather(List)}, over TLS with {@code tls} (null: plaintext; a node's or a client's
   * context from {@code TlsCredentials}); {@code peers}, if given, hears each node's certificate.
   */
  public static InstanceStatus gather(
      List<NodeId> bootstrap, SSLContext tls, BiConsumer<NodeId, X509Certificate> peers) {
    View view = null;
    Map<NodeId, StatusReply> replies = new LinkedHashMap<>();
    for (NodeId node : bootstrap) {
      StatusReply reply = ask(node, tls, peers);
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
        StatusReply reply = replies.containsKey(node) ? replies.get(node) : ask(node, tls, peers);
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
    return ask(node, null, null);
  }

  /**
   * Over TLS 1.3 with {@code tls} (null: plaintext); {@code peers} hears the node's certificate.
   */
  public static StatusReply ask(
      NodeId node, SSLContext tls, BiConsumer<NodeId, X509Certificate> peers) {
    // An operator asks where clients go: a peer port may be closed to all but the peers.
    InetSocketAddress address = Addresses.parse(node.clientAddress());
    try (Socket plain = new Socket()) {
      plain.connect(address, TIMEOUT_MILLIS);
      plain.setSoTimeout(TIMEOUT_MILLIS);
      Socket socket = plain;
      if (tls != null) {
        SSLSocket secure =
            (SSLSocket)
                tls.getSocketFactory()
                    .createSocket(plain, address.getHostString(), address.getPort(), true);
        SSLParameters parameters = secure.getSSLParameters();
        TlsCredentials.configure(parameters, true);
        secure.setSSLParameters(parameters);
        secure.startHandshake();
        if (peers != null) {
          peers.accept(node, (X509Certificate) secure.getSession().getPeerCertificates()[0]);
        }
        socket = secure;
      }
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
          ? reply
          : null;
    } catch (IOException e) {
      return null;
    }
  }
}
