package org.concoord.runtime.storage;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An acceptor's log that recovery will not trust: a damaged header, a record that is corrupt but is
 * not a torn tail, a format it does not know. The node must not start from it: starting empty could
 * forget a promise or an accepted value that a quorum counted on. Carries the file and the byte
 * offset, so an operator can look (and decide, for example, to remove the acceptor from the view).
 */
public final class LogCorruptException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final long offset;

  LogCorruptException(Path file, long offset, String reason) {
    super(
        file
            + " at byte offset "
            + offset
            + ": "
            + reason
            + "; refusing to start from it (see docs/operations.md, Durability)");
    this.file = file;
    this.offset = offset;
  }

  public Path file() {
    return file;
  }

  public long offset() {
    return offset;
  }
}
