package org.concoord.runtime.storage;

import java.util.function.Consumer;
import org.concoord.core.effects.DurableWrite;
import org.concoord.core.effects.Outbox;

/**
 * Where a node's durable writes go. The node thread appends and learns, by sequence number, which
 * writes are durable; it holds back every send and reply emitted after a write until that write is
 * ({@code docs/architecture.md}, "Persist before send").
 */
public interface WriteLog extends Outbox.Disk, AutoCloseable {
  /** Queues {@code write}; returns its sequence number (1, 2, ...). Node thread only. */
  @Override
  long append(DurableWrite write);

  /** Every write with a sequence number up to this one is durable. Any thread. */
  @Override
  long syncedSeq();

  /**
   * Starts syncing. {@code onSynced} runs (on another thread) after each sync; {@code onFailure}
   * runs once if a write or sync fails, after which nothing more becomes durable.
   */
  void start(Runnable onSynced, Consumer<String> onFailure);

  /** A line for status output. */
  String describe();

  /** Where the log reports each group commit (metrics); the in-memory log reports nothing. */
  default void observe(StorageProbe probe) {}

  @Override
  void close();

  /** No disk: every write is "durable" at once (durability none). */
  static WriteLog inMemory() {
    return new WriteLog() {
      private long appended;

      @Override
      public long append(DurableWrite write) {
        return ++appended;
      }

      @Override
      public long syncedSeq() {
        return appended;
      }

      @Override
      public void start(Runnable onSynced, Consumer<String> onFailure) {}

      @Override
      public String describe() {
        return "in memory";
      }

      @Override
      public void close() {}
    };
  }
}
