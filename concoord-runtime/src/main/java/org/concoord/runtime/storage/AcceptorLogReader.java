package org.concoord.runtime.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.TreeMap;
import org.concoord.core.NodeId;
import org.concoord.core.command.ClientCommand;
import org.concoord.core.effects.DurableWrite;

/**
 * What an acceptor's write-ahead log holds, read without taking the acceptor's lock (it may be
 * running): the slots it accepted and how many client calls each one's newest value carries. For
 * {@code concoord recover}'s report of what may be lost. Reads a copy of the file's bytes as they
 * are; a group commit being written meanwhile reads as a torn tail and is left out.
 */
public final class AcceptorLogReader {
  private AcceptorLogReader() {}

  /** The slots held (slot to client calls in the value accepted at the highest ballot). */
  public record Held(TreeMap<Long, Integer> slots, long truncatedBelow) {
    public long slotMax() {
      return slots.isEmpty() ? 0 : slots.lastKey();
    }
  }

  /** The log in {@code dataDir} of the acceptor {@code self}. */
  public static Held read(Path dataDir, NodeId self) throws IOException {
    Path path = dataDir.resolve(AcceptorLog.FILE);
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      LogScanner.Recovered recovered = LogScanner.scan(path, channel, self);
      TreeMap<Long, Integer> slots = new TreeMap<>();
      long truncated = 0;
      for (LogScanner.Entry entry : recovered.entries()) {
        if (entry.write() instanceof DurableWrite.AcceptWrite accept) {
          int calls =
              (int)
                  accept.pvalue().batch().commands().stream()
                      .filter(c -> c instanceof ClientCommand)
                      .count();
          slots.put(accept.pvalue().slot(), calls); // later records supersede earlier ones
        } else if (entry.write() instanceof DurableWrite.TruncateWrite truncate) {
          truncated = Math.max(truncated, truncate.slotBelow());
        }
      }
      slots.headMap(truncated).clear();
      return new Held(slots, truncated);
    }
  }
}
