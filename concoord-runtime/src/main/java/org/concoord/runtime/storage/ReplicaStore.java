package org.concoord.runtime.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.zip.CRC32C;
import org.concoord.core.codec.Decoded;
import org.concoord.core.codec.MessageCodec;
import org.concoord.core.message.Message;
import org.concoord.core.message.Snapshot;
import org.concoord.core.view.View;
import org.concoord.runtime.PrivateFiles;

/**
 * A replica's files in its data directory: {@code snapshot}, the latest snapshot of the replicated
 * state (object, sessions, views, clock) with a CRC32C, and {@code instance}, the instance's
 * genesis view ({@link InstanceMark}). A restart reads the snapshot and takes the rest of the log
 * from the other replicas or, if every node restarted, from the acceptors' logs.
 *
 * <p>Snapshots are written off the node's thread, one at a time, atomically: temporary file, sync,
 * rename, sync of the directory; a crash leaves the previous snapshot or the new one, never a mix.
 * They protect no acknowledgment (the acceptors' write-ahead log does); they bound what a restart
 * must replay and let acceptors forget old slots, but only once written: the slot of the latest
 * snapshot on disk ({@link #savedSlot}) is what the replica reports to the leader, which truncates
 * the acceptors only below it.
 *
 * <p>The file: the magic {@code CCSNAP2\n}, the meta part's length (u32) and the object's (u64),
 * the meta part and the object's bytes ({@code SnapshotStream}: no frame, so no size bound but the
 * state's), then a CRC32C (u32) of everything before it. A file of the first format (a CRC32C, then
 * the snapshot as one frame) is still read.
 */
public final class ReplicaStore implements AutoCloseable {
  /** Longest wait in {@link #close} for a snapshot being written. */
  static final int CLOSE_WAIT_SECONDS = 30;

  static final String SNAPSHOT = "snapshot";
  private static final Logger LOG = Logger.getLogger(ReplicaStore.class.getName());

  private final Path dir;
  private final ExecutorService writer;
  private final AtomicBoolean writing = new AtomicBoolean();
  private final AtomicLong savedSlot = new AtomicLong();
  private volatile StorageProbe probe = StorageProbe.NONE;

  public ReplicaStore(Path dir) throws IOException {
    this.dir = PrivateFiles.createDirectories(dir); // owner only: it holds the whole object
    this.writer =
        Executors.newSingleThreadExecutor(
            run -> {
              Thread thread = new Thread(run, "concoord-snapshot-writer");
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * The snapshot left by an earlier run, if any.
   *
   * @throws LogCorruptException if the file is damaged (a node must not guess its state)
   */
  public Optional<Snapshot> loadSnapshot() throws IOException {
    Path file = dir.resolve(SNAPSHOT);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    Snapshot snapshot = SnapshotFile.read(file);
    if (snapshot != null) {
      savedSlot.set(snapshot.slot());
      return Optional.of(snapshot);
    }
    byte[] bytes = Files.readAllBytes(file);
    if (bytes.length < 4) {
      throw new LogCorruptException(file, 0, "too short for a snapshot");
    }
    ByteBuffer in = ByteBuffer.wrap(bytes);
    int expected = in.getInt();
    CRC32C crc = new CRC32C();
    crc.update(bytes, 4, bytes.length - 4);
    if ((int) crc.getValue() != expected) {
      throw new LogCorruptException(file, 0, "checksum mismatch");
    }
    Decoded<Message> decoded = MessageCodec.decode(in.slice());
    if (!(decoded instanceof Decoded.Ok<Message> ok) || !(ok.value() instanceof Snapshot s)) {
      throw new LogCorruptException(file, 4, "not a snapshot frame: " + decoded);
    }
    savedSlot.set(s.slot());
    return Optional.of(s);
  }

  /** The genesis view recorded by an earlier run, if any. */
  public Optional<View> loadGenesis() throws IOException {
    Optional<String> mark = InstanceMark.read(dir);
    return mark.isEmpty() ? Optional.empty() : Optional.of(InstanceMark.parse(mark.get()));
  }

  /** Records the genesis view (small: written on the caller's thread, synced). */
  public void saveGenesis(View genesis) throws IOException {
    InstanceMark.write(dir, InstanceMark.of(genesis));
  }

  /** Whether a snapshot is being written (the caller then waits for a later slot). */
  public boolean isWriting() {
    return writing.get();
  }

  /** The slot of the latest snapshot known to be on disk (0 if none). */
  public long savedSlot() {
    return savedSlot.get();
  }

  /** Writes {@code snapshot} in the background, replacing the previous one atomically. */
  public void saveSnapshot(Snapshot snapshot) {
    if (!writing.compareAndSet(false, true)) {
      return;
    }
    writer.execute(
        () -> {
          try {
            write(snapshot);
            savedSlot.accumulateAndGet(snapshot.slot(), Math::max);
          } catch (IOException | RuntimeException e) {
            LOG.log(
                Level.SEVERE,
                "cannot write the snapshot of slot "
                    + snapshot.slot()
                    + " to "
                    + dir
                    + " (the previous one stays)",
                e);
          } finally {
            writing.set(false);
          }
        });
  }

  /** Where each snapshot written is reported (metrics). */
  public void observe(StorageProbe probe) {
    this.probe = probe;
  }

  private void write(Snapshot snapshot) throws IOException {
    long started = System.nanoTime();
    Path temp = dir.resolve(SNAPSHOT + ".tmp");
    SnapshotFile.write(temp, snapshot);
    Files.move(
        temp,
        dir.resolve(SNAPSHOT),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
    AcceptorLog.syncDirectory(dir);
    probe.snapshotSaved(Files.size(dir.resolve(SNAPSHOT)), System.nanoTime() - started);
  }

  /**
   * Lets a snapshot being written finish (bounded): a node closed in the middle of one must not
   * leave its writer thread writing into a directory its owner is about to remove.
   */
  @Override
  public void close() {
    writer.shutdown();
    try {
      if (!writer.awaitTermination(CLOSE_WAIT_SECONDS, java.util.concurrent.TimeUnit.SECONDS)) {
        writer.shutdownNow();
      }
    } catch (InterruptedException e) {
      writer.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
