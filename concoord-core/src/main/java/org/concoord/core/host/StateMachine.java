package org.concoord.core.host;

import org.concoord.core.command.Call;

/**
 * The replicated object as the replica sees it: calls executed one at a time, in slot order, on
 * every replica alike. Implementations must be deterministic (same calls, same results) and must
 * not throw for anything a client can cause: a user exception, an unknown method or a bad argument
 * is an EXCEPTION or REJECTED response. Not thread-safe; driven by the replica.
 */
public interface StateMachine {
  Execution execute(CallContext context, Call call);
}
