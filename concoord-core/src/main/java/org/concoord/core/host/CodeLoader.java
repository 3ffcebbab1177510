package org.concoord.core.host;

/**
 * Loads object code a decided upgrade carries ({@code concoord upgrade}, docs/operations.md, "Code
 * upgrades"): the runtime compiles nothing here, it defines the classes of a jar's bytes, runs the
 * same object check a replica runs at start and returns the catalog of the classes it may host.
 * Core reads no class files, so the runtime supplies this through the {@link ObjectCatalog}.
 *
 * <p>Must be deterministic in what it accepts: every replica loads the same bytes with the same
 * ConCoord, so a refusal ({@link IllegalArgumentException}) is a refusal on every replica, and the
 * upgrade is answered as refused with nothing changed.
 */
public interface CodeLoader {
  /** A loader of a replica that cannot load code (the simulator, tests): every load fails. */
  CodeLoader NONE =
      (code, className) -> {
        throw new UnsupportedOperationException("this replica cannot load object code");
      };

  /**
   * The catalog of the classes of {@code jar} whose default class is {@code className} (its
   * options, such as the objects bound, are the caller's to copy).
   *
   * @throws IllegalArgumentException if the code does not load or its object does not pass the
   *     object check (the message says why)
   * @throws UnsupportedOperationException if this replica cannot load code at all: it must stop
   *     rather than go on with the old code
   */
  ObjectCatalog load(byte[] jar, String className);
}
