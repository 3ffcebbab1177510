package org.concoord.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.concoord.cli.deploy.InstanceProbe;
import org.concoord.core.NodeId;
import org.concoord.core.codec.MessageCodec;
import org.concoord.core.message.Hello;
import org.concoord.core.message.Message;
import org.concoord.core.message.StatusReply;
import org.concoord.runtime.Addresses;

/**
 * A process on the network that claims to be a peer: it opens a TCP connection to a real node, says
 * {@code Hello} under any name it likes, and sends frames. What the node answers goes to the
 * claimed name, not back on this connection, so it reads nothing.
 */
final class ForgedPeer {
  private ForgedPeer() {}

  /** Sends {@code messages} to {@code node} under the name {@code claimed}; false if refused. */
  static boolean send(String node, NodeId claimed, Message... messages) {
    InetSocketAddress address = Addresses.parse(node);
    try (Socket socket = new Socket()) {
      socket.connect(address, 5_000);
      OutputStream out = socket.getOutputStream();
      out.write(MessageCodec.encode(new Hello(claimed)));
      for (Message message : messages) {
        out.write(MessageCodec.encode(message));
      }
      out.flush();
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Sends raw bytes (a frame or anything else) to {@code node}; false if refused. */
  static boolean sendBytes(String node, byte[] bytes) {
    InetSocketAddress address = Addresses.parse(node);
    try (Socket socket = new Socket()) {
      socket.connect(address, 5_000);
      socket.getOutputStream().write(bytes);
      socket.getOutputStream().flush();
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The node's status, or null if it does not answer. */
  static StatusReply status(String node) {
    return InstanceProbe.status(NodeId.of(node));
  }
}
