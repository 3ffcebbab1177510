package org.concoord.simulator;

import org.concoord.core.host.Caller;
import org.concoord.objects.Barrier;
import org.concoord.objects.Lock;
import org.concoord.objects.Semaphore;

/**
 * The coordination workload run on the shipped library objects themselves: the Lock, Semaphore and
 * Barrier of {@code concoord-objects}, behind the simulator's method names, so the checkers judge
 * the classes users get. {@link SimCoordination} keeps its own implementation only for the
 * deliberately flawed variants that check the checkers.
 */
public class LibraryCoordination extends SimCoordination {
  private final Lock lock = new Lock();
  private final Semaphore semaphore = new Semaphore();
  private final Barrier barrier = new Barrier();

  public LibraryCoordination() {
    semaphore.init(PERMITS);
    barrier.setParties(PARTIES);
  }

  @Override
  public long acquire(Caller caller) {
    return lock.acquire(caller);
  }

  @Override
  public void release(Caller caller) {
    lock.release(caller);
  }

  @Override
  public long touch(Caller caller) {
    Long holder = lock.holder();
    if (holder == null || holder != caller.clientId()) {
      throw new IllegalStateException("client " + caller.clientId() + " touched without the lock");
    }
    return holder;
  }

  @Override
  public long down(Caller caller) {
    return semaphore.acquire(caller);
  }

  @Override
  public void up(Caller caller) {
    semaphore.release(caller);
  }

  @Override
  public long await(Caller caller) {
    return barrier.await(caller);
  }

  @Override
  public void sessionExpired(long clientId) {
    lock.sessionExpired(clientId);
    semaphore.sessionExpired(clientId);
    barrier.sessionExpired(clientId);
  }
}
