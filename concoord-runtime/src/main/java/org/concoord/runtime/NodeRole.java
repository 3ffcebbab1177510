package org.concoord.runtime;

import org.concoord.core.NodeId;
import org.concoord.core.effects.Effects;
import org.concoord.core.message.ClientRequest;
import org.concoord.core.message.Message;
import org.concoord.core.message.StatusReply;

/** What a node runs on its thread: a replica or an acceptor, with its joining logic. */
interface NodeRole {
  void onPeerMessage(NodeId from, Message message, Effects effects);

  void onClientRequest(ClientRequest request, Effects effects);

  void onTick(Effects effects);

  /** A line for the node's status output. */
  String describe();

  /** The node's answer to an operator's status request. */
  StatusReply status();

  /** Client sessions this node holds (a replica's reply cache), for metrics. */
  default int sessions() {
    return 0;
  }

  /** The object a replica hosts (for its fencing-token metrics), else null. */
  default Object hostedObject() {
    return null;
  }
}
