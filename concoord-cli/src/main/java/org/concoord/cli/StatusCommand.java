package org.concoord.cli;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
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
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code concoord status -b BOOTSTRAP}: asks every node of the view for its state and prints a
 * table: role, address, up or unreachable, the leader and its ballot, each replica's highest
 * executed slot and how far it lags the leader.
 */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "Prints the instance's view and each node's state.")
final class StatusCommand implements Callable<Integer> {
  static final int TIMEOUT_MILLIS = 2000;

  @Option(names = "-b", description = "Bootstrap: host:port[,host:port...].")
  String bootstrap;

  @Option(names = "--dir", defaultValue = ".concoord", description = "Local deployment directory.")
  Path dir;

  @Option(names = "--json", description = "One JSON object per node.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    Deployment local = bootstrap == null || java.nio.file.Files.exists(dir.resolve(Deployment.FILE))
        ? Deployment.read(dir) : null;
    String target = bootstrap != null ? bootstrap : local.bootstrap();
    Map<String, String> dnsOf = new java.util.HashMap<>();
    if (local != null) {
      local.nodes().stream().filter(n -> n.dns() != null)
          .forEach(n -> dnsOf.put(n.address(), n.dns()));
    }
    View view = null;
    Map<NodeId, StatusReply> replies = new LinkedHashMap<>();
    for (NodeId node : Bootstraps.nodes(target)) {
      StatusReply reply = ask(node);
      if (reply != null) {
        replies.put(node, reply);
        if (reply.view() != null && (view == null || reply.view().epoch() > view.epoch())) {
          view = reply.view();
        }
      }
    }
    if (view == null) {
      System.err.println("concoord status: no replica of " + target + " answered");
      return 1;
    }
    List<NodeId> nodes = new ArrayList<>();
    for (Role role : Role.values()) {
      nodes.addAll(view.members(role));
    }
    long leaderExecuted = -1;
    for (NodeId node : nodes) {
      replies.computeIfAbsent(node, StatusCommand::ask);
      StatusReply reply = replies.get(node);
      if (reply != null && reply.leading()) {
        leaderExecuted = reply.slotExecutedMax();
      }
    }
    if (!json) {
      System.out.printf("view epoch %d: %d replicas, %d acceptors, %d nameservers%n", view.epoch(),
          view.replicas().size(), view.acceptors().size(), view.nameservers().size());
      System.out.printf("%-10s %-22s %-12s %-7s %-22s %10s %6s %10s%n",
          "ROLE", "ADDRESS", "STATE", "LEADS", "BALLOT", "EXECUTED", "LAG", "OBJECT");
    }
    for (NodeId node : nodes) {
      Role role = view.replicas().contains(node) ? Role.REPLICA
          : view.acceptors().contains(node) ? Role.ACCEPTOR : Role.NAMESERVER;
      String dns = dnsOf.get(node.address());
      System.out.println(json ? toJson(role, node, replies.get(node), leaderExecuted, dns)
          : toLine(role, node, replies.get(node), leaderExecuted, dns));
    }
    return 0;
  }

  /** A nameserver's line ends with the address it answers DNS on, when the deployment says. */
  private static String toLine(Role role, NodeId node, StatusReply reply, long leaderExecuted,
      String dns) {
    String suffix = dns == null ? "" : "  dns " + dns;
    if (reply == null) {
      return String.format(Locale.ROOT, "%-10s %-22s %-12s", role.name().toLowerCase(Locale.ROOT),
          node, "unreachable") + suffix;
    }
    String lag = role != Role.ACCEPTOR && leaderExecuted >= 0
        ? Long.toString(Math.max(0, leaderExecuted - reply.slotExecutedMax())) : "-";
    String state = reply.notice() == null ? "up"
        : reply.notice().startsWith("DIVERGED") ? "DIVERGED" : "QUOTA";
    String object = role == Role.REPLICA && reply.stateBytes() > 0 ? size(reply.stateBytes())
        : "-";
    String line = String.format(Locale.ROOT, "%-10s %-22s %-12s %-7s %-22s %10d %6s %10s",
        role.name().toLowerCase(Locale.ROOT), node, state, reply.leading() ? "yes" : "",
        reply.ballot(), reply.slotExecutedMax(), lag, object) + suffix;
    return reply.notice() == null ? line : line + System.lineSeparator() + "    ! "
        + reply.notice();
  }

  /** Bytes for people: 512 B, 3.4 KiB, 31.9 MiB. */
  static String size(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }

  private static String toJson(Role role, NodeId node, StatusReply reply, long leaderExecuted,
      String dns) {
    String json = toJson(role, node, reply, leaderExecuted);
    return dns == null ? json
        : json.substring(0, json.length() - 1) + ",\"dns\":\"" + dns + "\"}";
  }

  private static String toJson(Role role, NodeId node, StatusReply reply, long leaderExecuted) {
    if (reply == null) {
      return String.format(Locale.ROOT, "{\"role\":\"%s\",\"address\":\"%s\",\"state\":\"unreachable\"}",
          role.name().toLowerCase(Locale.ROOT), node);
    }
    long lag = role != Role.ACCEPTOR && leaderExecuted >= 0
        ? Math.max(0, leaderExecuted - reply.slotExecutedMax()) : -1;
    return String.format(Locale.ROOT,
        "{\"role\":\"%s\",\"address\":\"%s\",\"state\":\"up\",\"leading\":%b,\"ballot\":\"%s\","
            + "\"leader\":%s,\"executed\":%d,\"lag\":%d,\"stateBytes\":%d,\"notice\":%s}",
        role.name().toLowerCase(Locale.ROOT), node, reply.leading(), reply.ballot(),
        reply.leader() == null ? "null" : "\"" + reply.leader() + "\"", reply.slotExecutedMax(),
        lag, reply.stateBytes(), reply.notice() == null ? "null" : jsonString(reply.notice()));
  }

  private static String jsonString(String text) {
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

  /** One status request on a connection of its own; null if the node does not answer in time. */
  static StatusReply ask(NodeId node) {
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
