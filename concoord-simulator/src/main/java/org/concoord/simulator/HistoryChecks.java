package org.concoord.simulator;

import java.util.List;
import org.concoord.simulator.check.AppendListChecker;
import org.concoord.simulator.check.CheckResult;
import org.concoord.simulator.check.CounterModel;
import org.concoord.simulator.check.History;
import org.concoord.simulator.check.Input;
import org.concoord.simulator.check.LinearizabilityChecker;

/**
 * Splits a run's client history into its two independent objects and checks each: the counter with
 * the Wing-Gong-Lowe search, the append-only list with the linear-time check. Linearizability is
 * local, so checking the parts apart is checking the whole.
 */
final class HistoryChecks {
  private HistoryChecks() {}

  /** Null if both parts are linearizable, else why not. */
  static String check(List<ClientOp> ops) {
    History counter = new History();
    History list = new History();
    for (ClientOp op : ops) {
      boolean isCounter = op.method.equals("add") || op.method.equals("get");
      History target = isCounter ? counter : list;
      Input input =
          switch (op.method) {
            case "add" -> CounterModel.add(op.argument);
            case "get" -> CounterModel.get();
            case "append" -> AppendListChecker.append(op.argument);
            default -> AppendListChecker.read();
          };
      History.Handle handle = target.invoke(op.client, input, op.invokeTicks);
      if (!op.isCompleted()) {
        target.indeterminate(handle);
      } else if (isCounter) {
        target.complete(handle, op.output.isEmpty() ? null : op.output.get(0), op.completeTicks);
      } else {
        target.complete(handle, op.output, op.completeTicks);
      }
    }
    CheckResult counterResult = new LinearizabilityChecker<>(new CounterModel()).check(counter);
    if (!counterResult.isLinearizable()) {
      return "linearizability (counter): " + counterResult;
    }
    CheckResult listResult = new AppendListChecker().check(list);
    if (!listResult.isLinearizable()) {
      return "linearizability (list): " + listResult;
    }
    return null;
  }
}
