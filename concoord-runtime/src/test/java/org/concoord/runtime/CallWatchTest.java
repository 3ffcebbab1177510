package org.concoord.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import org.concoord.core.command.Call;
import org.concoord.core.host.CallContext;
import org.concoord.core.host.Execution;
import org.concoord.core.host.StateMachine;
import org.junit.jupiter.api.Test;

class CallWatchTest {
  /** A machine whose size and name differ from what the interface's defaults would give. */
  static final class Sized implements StateMachine {
    @Override
    public Execution execute(CallContext context, Call call) {
      throw new UnsupportedOperationException();
    }

    @Override
    public byte[] snapshot() {
      throw new AssertionError("the measure must not capture the state");
    }

    @Override
    public long snapshotSize() {
      return 123_456_789L;
    }

    @Override
    public String describe() {
      return "Shelf";
    }
  }

  @Test
  void everyMethodOfTheMachineIsForwardedDefaultsIncluded() throws Exception {
    for (Method method : StateMachine.class.getMethods()) {
      if (Modifier.isStatic(method.getModifiers())) {
        continue;
      }
      Method own = CallWatch.class.getMethod(method.getName(), method.getParameterTypes());
      assertFalse(
          own.isDefault() || own.getDeclaringClass() != CallWatch.class,
          "CallWatch leaves " + method + " to the interface's default, hiding the host's own");
    }
  }

  @Test
  void theQuotaMeasureAndTheNameComeFromTheWatchedMachine() {
    CallWatch watch = new CallWatch(new Sized());
    assertEquals(123_456_789L, watch.snapshotSize());
    assertEquals("Shelf", watch.describe());
  }
}
