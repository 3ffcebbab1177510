package org.concoord.runtime;

import java.io.IOException;
import org.concoord.core.message.ClientReply;

/** {@link NodeTest}'s raw-socket client for tests in other packages. */
public final class NodeTestKit {
  private NodeTestKit() {}

  public static ClientReply call(int port, long clientId, long seq, String method)
      throws IOException {
    return NodeTest.call(port, clientId, seq, method);
  }
}
