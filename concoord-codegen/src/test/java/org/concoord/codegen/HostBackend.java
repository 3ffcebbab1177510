package org.concoord.codegen;

import java.lang.reflect.Type;
import java.util.List;
import org.concoord.client.ConcoordClient;
import org.concoord.core.command.Call;
import org.concoord.core.host.CallContext;
import org.concoord.core.host.Execution;
import org.concoord.core.host.ObjectHost;
import org.concoord.core.message.Outcome;
import org.concoord.core.value.ValueCodec;

/**
 * A one-replica stand-in for a cluster behind the client stub: each call is encoded as a real
 * client would send it, executed by an {@link ObjectHost}, and its reply decoded by the return type
 * the proxy passed. Exercises what a proxy says on the wire without any network.
 */
final class HostBackend implements ConcoordClient.Backend {
  private final ObjectHost host;
  private final long clientId;
  private long seq;

  HostBackend(ObjectHost host, long clientId) {
    this.host = host;
    this.clientId = clientId;
  }

  @Override
  public Object invoke(String bootstrap, String method, Type returnType, Object[] args) {
    Execution execution =
        host.execute(
            new CallContext(clientId, ++seq, 0), new Call(method, ValueCodec.encodeArgs(args)));
    if (execution.isParked()) {
      throw new IllegalStateException(method + " parked");
    }
    Outcome outcome = execution.response().outcome();
    byte[] payload = execution.response().payload();
    if (outcome != Outcome.OK) {
      Object reason = ValueCodec.decode(payload);
      throw new IllegalStateException(outcome + " " + (reason instanceof List<?> l ? l : reason));
    }
    return returnType == void.class ? null : ValueCodec.decode(payload, returnType);
  }
}
