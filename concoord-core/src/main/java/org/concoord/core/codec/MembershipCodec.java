package org.concoord.core.codec;

import static org.concoord.core.codec.WireFormat.TAG_HELLO;
import static org.concoord.core.codec.WireFormat.TAG_JOIN_REPLY;
import static org.concoord.core.codec.WireFormat.TAG_JOIN_REQUEST;
import static org.concoord.core.codec.WireFormat.TAG_STATUS_REPLY;
import static org.concoord.core.codec.WireFormat.TAG_STATUS_REQUEST;
import static org.concoord.core.codec.WireFormat.TAG_TRUNCATE;
import static org.concoord.core.codec.WireFormat.VIEW_MEMBERS_MAX;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.concoord.core.NodeId;
import org.concoord.core.message.Hello;
import org.concoord.core.message.JoinReply;
import org.concoord.core.message.JoinRequest;
import org.concoord.core.message.Message;
import org.concoord.core.message.Reason;
import org.concoord.core.message.StatusReply;
import org.concoord.core.message.StatusRequest;
import org.concoord.core.message.Truncate;
import org.concoord.core.view.Role;
import org.concoord.core.view.View;

/**
 * Encodes and decodes the membership messages (Hello, JoinRequest, JoinReply, Truncate) and views.
 * Kept apart from {@link MessageEncoder}/{@link MessageDecoder} so that each stays small.
 *
 * <p>Stateless. Does no I/O.
 */
final class MembershipCodec {
  private MembershipCodec() {}

  static void write(WireWriter out, Message message) {
    if (message instanceof Hello m) {
      out.writeU8(TAG_HELLO);
      MessageEncoder.writeNodeId(out, m.node());
    } else if (message instanceof JoinRequest m) {
      out.writeU8(TAG_JOIN_REQUEST);
      MessageEncoder.writeNodeId(out, m.node());
      out.writeU8(m.role().code);
      out.writeBytes(
          m.fingerprint(), JoinRequest.FINGERPRINT_LENGTH_MAX, "JoinRequest.fingerprint");
    } else if (message instanceof JoinReply m) {
      out.writeU8(TAG_JOIN_REPLY);
      out.writeBool(m.accepted());
      out.writeBool(m.member());
      out.writeUtf8(m.reason(), 4 * JoinReply.REASON_LENGTH_MAX, "JoinReply.reason");
      out.writeBool(m.genesis() != null);
      if (m.genesis() != null) {
        writeView(out, m.genesis());
      }
      MessageEncoder.writeOptionalNodeId(out, m.leaderHint());
      out.writeU8(m.code().code);
    } else if (message instanceof StatusRequest) {
      out.writeU8(TAG_STATUS_REQUEST);
    } else if (message instanceof StatusReply m) {
      out.writeU8(TAG_STATUS_REPLY);
      MessageEncoder.writeNodeId(out, m.node());
      out.writeU8(m.role().code);
      out.writeBool(m.leading());
      MessageEncoder.writeBallot(out, m.ballot());
      MessageEncoder.writeOptionalNodeId(out, m.leader());
      out.writeI64(m.slotExecutedMax());
      out.writeBool(m.view() != null);
      if (m.view() != null) {
        writeView(out, m.view());
      }
      out.writeI64(m.stateBytes());
      out.writeBool(m.notice() != null);
      if (m.notice() != null) {
        out.writeUtf8(m.notice(), 3 * StatusReply.NOTICE_LENGTH_MAX, "StatusReply.notice");
      }
    } else if (message instanceof Truncate m) {
      out.writeU8(TAG_TRUNCATE);
      out.writeI64(m.slotBelow());
    } else {
      // Unreachable while Message is sealed and every permitted record is handled.
      throw new IllegalStateException("no encoding for " + message.getClass().getName());
    }
  }

  static Message read(int tag, WireReader in) {
    return switch (tag) {
      case TAG_HELLO -> new Hello(MessageDecoder.readNodeId(in));
      case TAG_JOIN_REQUEST ->
          new JoinRequest(
              MessageDecoder.readNodeId(in),
              Role.ofCode(in.readU8("JoinRequest.role")),
              in.readBytes("JoinRequest.fingerprint", JoinRequest.FINGERPRINT_LENGTH_MAX));
      case TAG_JOIN_REPLY -> readJoinReply(in);
      case TAG_TRUNCATE -> new Truncate(in.readI64("Truncate.slotBelow"));
      case TAG_STATUS_REQUEST -> new StatusRequest();
      case TAG_STATUS_REPLY -> readStatusReply(in);
      default -> throw in.malformed("not a membership tag " + WireFormat.tagName(tag));
    };
  }

  private static JoinReply readJoinReply(WireReader in) {
    boolean accepted = in.readBool("JoinReply.accepted");
    boolean member = in.readBool("JoinReply.member");
    String reason = in.readUtf8("JoinReply.reason", 4 * JoinReply.REASON_LENGTH_MAX);
    View genesis = in.readBool("JoinReply.genesis present") ? readView(in) : null;
    NodeId hint =
        in.readBool("JoinReply.leaderHint present") ? MessageDecoder.readNodeId(in) : null;
    int raw = in.readU8("JoinReply.code");
    Reason code = Reason.ofCode(raw);
    if (code.code != raw) { // strict, like every code in a frame: a frame decodes canonically
      throw in.malformed("unknown reason code " + raw);
    }
    return new JoinReply(accepted, member, reason, genesis, hint, code);
  }

  private static StatusReply readStatusReply(WireReader in) {
    NodeId node = MessageDecoder.readNodeId(in);
    Role role = Role.ofCode(in.readU8("StatusReply.role"));
    boolean leading = in.readBool("StatusReply.leading");
    var ballot = MessageDecoder.readBallot(in);
    NodeId leader =
        in.readBool("StatusReply.leader present") ? MessageDecoder.readNodeId(in) : null;
    long executed = in.readI64("StatusReply.slotExecutedMax");
    View view = in.readBool("StatusReply.view present") ? readView(in) : null;
    long stateBytes = in.readI64("StatusReply.stateBytes");
    String notice =
        in.readBool("StatusReply.notice present")
            ? in.readUtf8("StatusReply.notice", 3 * StatusReply.NOTICE_LENGTH_MAX)
            : null;
    return new StatusReply(node, role, leading, ballot, leader, executed, view, stateBytes, notice);
  }

  static void writeView(WireWriter out, View view) {
    out.writeI64(view.epoch());
    writeNodes(out, view.replicas(), "View.replicas");
    writeNodes(out, view.acceptors(), "View.acceptors");
    writeNodes(out, view.nameservers(), "View.nameservers");
  }

  static View readView(WireReader in) {
    long epoch = in.readI64("View.epoch");
    List<NodeId> replicas = readNodes(in, "View.replicas");
    List<NodeId> acceptors = readNodes(in, "View.acceptors");
    List<NodeId> nameservers = readNodes(in, "View.nameservers");
    return new View(epoch, replicas, acceptors, nameservers);
  }

  private static void writeNodes(WireWriter out, Collection<NodeId> nodes, String field) {
    if (nodes.size() > VIEW_MEMBERS_MAX) {
      throw new IllegalArgumentException(field + " has " + nodes.size() + " > " + VIEW_MEMBERS_MAX);
    }
    out.writeI32(nodes.size());
    for (NodeId node : nodes) {
      MessageEncoder.writeNodeId(out, node);
    }
  }

  private static List<NodeId> readNodes(WireReader in, String field) {
    int count = in.readCount(field, VIEW_MEMBERS_MAX, MessageDecoder.NODE_ID_BYTES_MIN);
    List<NodeId> nodes = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      nodes.add(MessageDecoder.readNodeId(in));
    }
    return nodes;
  }
}
