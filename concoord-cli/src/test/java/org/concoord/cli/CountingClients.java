package org.concoord.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.concoord.client.ClientOptions;
import org.concoord.client.ConcoordClient;

/**
 * Client threads that increment the counter without pause while an operation runs (an upgrade, a
 * rolling restart, a backup): the operation tests' load. Every failed call is kept; {@link #stop}
 * waits for the threads and says whether any call failed.
 */
final class CountingClients {
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicInteger acked = new AtomicInteger();
  private final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
  private final List<Thread> threads = new ArrayList<>();

  /** Starts {@code count} clients of {@code bootstrap}, each on its own connection. */
  static CountingClients start(String bootstrap, ClientOptions options, int count) {
    CountingClients clients = new CountingClients();
    for (int c = 0; c < count; c++) {
      Thread thread =
          new Thread(
              () -> {
                try (ConcoordClient client = ConcoordClient.connect(bootstrap, options)) {
                  while (clients.running.get()) {
                    client.invoke("increment", void.class);
                    clients.acked.incrementAndGet();
                  }
                } catch (Throwable t) {
                  clients.failures.add(t);
                }
              });
      thread.start();
      clients.threads.add(thread);
    }
    return clients;
  }

  /** Increments acknowledged so far. */
  int acked() {
    return acked.get();
  }

  /** Waits (at most 120 s) until {@code count} increments were acknowledged. */
  void awaitAcked(int count) throws Exception {
    Poll.until(120, 50, () -> acked.get() >= count); // the clients' progress
    assertTrue(acked.get() >= count, "the clients made " + acked.get() + " calls in 120 s");
  }

  /** Stops the clients and waits for them; the failed calls, none if all went through. */
  List<Throwable> stop() throws InterruptedException {
    running.set(false);
    for (Thread thread : threads) {
      thread.join(120_000);
    }
    return List.copyOf(failures);
  }
}
