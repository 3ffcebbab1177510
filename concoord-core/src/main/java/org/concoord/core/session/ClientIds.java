package org.concoord.core.session;

/**
 * The client id of each new session of a client ({@link ClientSession}): a session that expired
 * never comes back under its id, so a request of it still in flight (queued at a deposed leader,
 * say) is refused as expired instead of running a second time in the new session (simulator seed
 * 89400335 --named).
 */
final class ClientIds {
  private ClientIds() {}

  /**
   * The id after {@code id}: SplitMix64's finalizer, a bijection on 64 bits, so a client's ids do
   * not repeat, with no randomness or clock (the core's rule) and the same in the simulator.
   */
  static long next(long id) {
    long z = id + 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
