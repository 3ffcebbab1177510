package org.concoord.core.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.concoord.core.command.Call;
import org.concoord.core.message.Outcome;
import org.concoord.core.value.ValueCodec;
import org.junit.jupiter.api.Test;

/** The session callback belongs to the host: clients cannot call it, expiry reaches it. */
class SessionCallbackTest {
  /** Records the sessions it was told about. */
  public static class Owner implements SessionAware {
    public final List<Long> expired = new ArrayList<>();

    @Override
    public void sessionExpired(long clientId) {
      expired.add(clientId);
    }

    public int count() {
      return expired.size();
    }
  }

  @Test
  void aClientCannotCallTheSessionCallback() {
    ObjectHost host = new ObjectHost(Owner.class);
    Execution execution =
        host.execute(
            new CallContext(1, 1, 0), new Call("sessionExpired", ValueCodec.encodeArgs(2L)));
    assertEquals(Outcome.REJECTED, execution.response().outcome());
    assertTrue(((Owner) host.instance()).expired.isEmpty());
  }

  @Test
  void expiryReachesTheObjectInOrder() {
    ObjectHost host = new ObjectHost(Owner.class);
    host.sessionExpired(7);
    host.sessionExpired(3);
    assertEquals(List.of(7L, 3L), ((Owner) host.instance()).expired);
  }
}
