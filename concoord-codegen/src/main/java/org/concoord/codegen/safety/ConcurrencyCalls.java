package org.concoord.codegen.safety;

import static org.concoord.codegen.safety.CallPattern.any;
import static org.concoord.codegen.safety.CallPattern.call;
import static org.concoord.codegen.safety.CallPattern.calls;

import java.util.ArrayList;
import java.util.List;

/**
 * Calls that start threads, lock or wait. Synchronized blocks and methods are found by {@link
 * StructureRules}, not here.
 */
final class ConcurrencyCalls {
  private ConcurrencyCalls() {}

  static List<CallPattern> thread() {
    Category c = Category.THREAD;
    List<CallPattern> patterns = new ArrayList<>();
    patterns.add(any(c, "java/lang/Thread")); // also Thread.sleep, Thread.currentThread
    patterns.add(any(c, "java/lang/ThreadGroup"));
    patterns.add(any(c, "java/lang/ThreadLocal"));
    // Object's wait and notify are final: whatever the owner javac names, these are them.
    patterns.add(call(c, "*", "wait", "()V"));
    patterns.add(call(c, "*", "wait", "(J)V"));
    patterns.add(call(c, "*", "wait", "(JI)V"));
    patterns.add(call(c, "*", "notify", "()V"));
    patterns.add(call(c, "*", "notifyAll", "()V"));
    for (String owner :
        List.of(
            "Executor",
            "ExecutorService",
            "ScheduledExecutorService",
            "Executors",
            "ThreadPoolExecutor",
            "ScheduledThreadPoolExecutor",
            "ForkJoinPool",
            "ForkJoinTask",
            "CountDownLatch",
            "CyclicBarrier",
            "Semaphore",
            "Phaser",
            "Exchanger",
            "ThreadFactory",
            "Future",
            "FutureTask")) {
      patterns.add(any(c, "java/util/concurrent/" + owner));
    }
    patterns.add(any(c, "java/util/concurrent/locks/*"));
    patterns.add(call(c, "java/util/concurrent/CompletableFuture", "*Async"));
    patterns.addAll(calls(c, "java/util/concurrent/CompletableFuture", "get", "join"));
    patterns.addAll(calls(c, "java/util/concurrent/BlockingQueue", "take", "put"));
    patterns.add(any(c, "java/util/Timer"));
    patterns.add(call(c, "*", "parallelStream", "()Ljava/util/stream/Stream;"));
    patterns.add(call(c, "java/util/stream/*", "parallel"));
    patterns.add(call(c, "java/lang/Runtime", "addShutdownHook"));
    return patterns;
  }
}
