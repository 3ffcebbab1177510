package org.concoord.objects;

/**
 * A {@link Semaphore} that refuses to be released more often than it was acquired: a release that
 * would raise the available permits above the initial number throws IllegalStateException (the
 * original returned a ValueError object instead of raising it). One permit by default; {@link
 * #init} sets another number.
 */
public class BoundedSemaphore extends Semaphore {
  @Override
  protected void checkRelease() {
    if (available() >= permits()) {
      throw new IllegalStateException(
          "semaphore released too many times (" + permits() + " permits)");
    }
  }
}
