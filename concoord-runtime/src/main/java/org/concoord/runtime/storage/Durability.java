package org.concoord.runtime.storage;

import java.util.Locale;

/** Whether an acceptor's writes reach the disk before the replies that depend on them. */
public enum Durability {
  /** Write-ahead log, synced (fsync) before a Promise or Accepted leaves; group commit. */
  FSYNC,
  /** Nothing on disk: the original ConCoord's in-memory behaviour; a restart starts empty. */
  NONE;

  /** {@code fsync} or {@code none}, as the command line spells them. */
  public static Durability parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("durability must be fsync or none, not '" + text + "'");
    }
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
