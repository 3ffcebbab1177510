package org.concoord.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.concoord.simulator.check.AppendListChecker;
import org.concoord.simulator.check.BarrierChecker;
import org.concoord.simulator.check.CheckResult;
import org.concoord.simulator.check.CounterModel;
import org.concoord.simulator.check.FencingChecker;
import org.concoord.simulator.check.History;
import org.concoord.simulator.check.Input;
import org.concoord.simulator.check.LinearizabilityChecker;
import org.concoord.simulator.check.LockModel;
import org.concoord.simulator.check.SemaphoreModel;

/**
 * Splits a run's client history into its independent objects and checks each. Counter workload: the
 * counter with the Wing-Gong-Lowe search, the append-only list with the linear-time check.
 * Coordination workload: the lock and the semaphore with the search and the fencing-token check,
 * the barrier with its direct check. Linearizability is local, so checking the parts apart is
 * checking the whole.
 */
final class HistoryChecks {
  private HistoryChecks() {}

  /**
   * Null if every part passes, else why not. Each named object (issue 18) is an object of its own,
   * checked apart (the default object's ops are those named ""), the failure naming it.
   */
  static String check(List<ClientOp> ops, SimParameters.Workload workload) {
    Map<String, List<ClientOp>> byObject = new TreeMap<>();
    for (ClientOp op : ops) {
      byObject.computeIfAbsent(op.object, k -> new ArrayList<>()).add(op);
    }
    if (byObject.isEmpty()) {
      byObject.put("", List.of());
    }
    for (Map.Entry<String, List<ClientOp>> part : byObject.entrySet()) {
      String failure =
          workload == SimParameters.Workload.COORDINATION
              ? checkCoordination(part.getValue())
              : check(part.getValue());
      if (failure != null) {
        return part.getKey().isEmpty() ? failure : "object '" + part.getKey() + "': " + failure;
      }
    }
    return null;
  }

  /** The counter workload: null if both parts are linearizable, else why not. */
  static String check(List<ClientOp> ops) {
    History counter = new History();
    History list = new History();
    for (ClientOp op : ops) {
      if (op.mode.anyReplica()) {
        continue; // sequential and bounded reads are not linearizable: ReadModeChecks' business
      }
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

  /** The coordination workload; each op's argument is its client's id. */
  static String checkCoordination(List<ClientOp> ops) {
    History lock = new History();
    History semaphore = new History();
    History barrier = new History();
    for (ClientOp op : ops) {
      History target =
          switch (op.method) {
            case "acquire", "release", "touch" -> lock;
            case "down", "up" -> semaphore;
            case "await" -> barrier;
            default -> throw new IllegalArgumentException("not a coordination call: " + op.method);
          };
      History.Handle handle =
          target.invoke(op.client, Input.of(op.method, op.argument), op.invokeTicks);
      if (op.isCompleted()) {
        target.complete(handle, op.output.isEmpty() ? null : op.output.get(0), op.completeTicks);
      } else {
        target.indeterminate(handle);
      }
    }
    String failure = failure("fencing (lock)", new FencingChecker(LockModel.ACQUIRE).check(lock));
    if (failure == null) {
      failure =
          failure(
              "linearizability (lock)", new LinearizabilityChecker<>(new LockModel()).check(lock));
    }
    if (failure == null) {
      failure =
          failure("fencing (semaphore)", new FencingChecker(SemaphoreModel.DOWN).check(semaphore));
    }
    if (failure == null) {
      failure =
          failure(
              "linearizability (semaphore)",
              new LinearizabilityChecker<>(new SemaphoreModel(SimCoordination.PERMITS))
                  .check(semaphore));
    }
    if (failure == null) {
      failure = failure("barrier", new BarrierChecker(SimCoordination.PARTIES).check(barrier));
    }
    return failure;
  }

  private static String failure(String what, CheckResult result) {
    return result.isLinearizable() ? null : what + ": " + result;
  }
}
