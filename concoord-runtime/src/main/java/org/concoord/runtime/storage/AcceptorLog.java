package org.concoord.runtime.storage;

import java.io.Closeable;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.logging.Logger;
import org.concoord.core.NodeId;
import org.concoord.core.codec.MessageCodec;
import org.concoord.core.codec.WireWriter;
import org.concoord.core.effects.DurableWrite;
import org.concoord.runtime.PrivateFiles;

/**
 * An acceptor's write-ahead log file in its data directory ({@link LogFormat} has the layout):
 * recovery at open, then group commits appended and synced, and compaction into a fresh file once
 * the garbage outweighs what is live.
 *
 * <p>Compaction writes the snapshot of {@link LogState} to a temporary file, syncs it, renames it
 * over the log and syncs the directory: a crash at any point leaves either the old file or the new
 * one, each holding every write acknowledged so far. One process at a time locks a directory.
 *
 * <p>Not thread-safe: opened on the caller's thread, then used only by the syncer thread ({@link
 * GroupCommit}).
 */
final class AcceptorLog implements Closeable {
  static final String FILE = "acceptor.log";
  static final String TEMP = "acceptor.log.tmp";
  static final String LOCK = "lock";
  private long lastForceNanos = -1;
  private static final long MIB = 1L << 20;

  /** Encoding buffer kept between groups; a larger one (after a large group) is let go. */
  private static final int BUFFER_BYTES_KEPT = 1 << 20;

  /** A compaction writes its snapshot in pieces of about this size, not all at once. */
  private static final int REWRITE_CHUNK_BYTES = 1 << 20;

  private static final Logger LOG = Logger.getLogger(AcceptorLog.class.getName());

  private final Path dir;
  private final Path path;
  private final NodeId self;
  private final StorageConfig config;
  private final FileChannel lockChannel;
  private final LogState state = new LogState();
  private WireWriter out = new WireWriter(64 * 1024);
  private FileChannel channel;
  private long fileBytes;
  private long headerBytes;
  private long end;
  private String recovery = "new log";
  private volatile long compactions;
  private volatile long compactionNanosMax;

  /**
   * The garbage that triggers the next compaction is this many times the larger of the threshold
   * and the live state, drawn anew in [1, 2) after each one. Every acceptor gets the same Truncate
   * at about the same moment; without the spread they would all compact at once, and every majority
   * would wait for a rewrite.
   */
  private double compactionFactor = 1;

  private final java.util.SplittableRandom random = new java.util.SplittableRandom();

  private AcceptorLog(StorageConfig config, NodeId self, FileChannel lockChannel) {
    this.dir = config.dataDir();
    this.path = dir.resolve(FILE);
    this.self = self;
    this.config = config;
    this.lockChannel = lockChannel;
  }

  /**
   * Opens (or creates) the log in {@code config.dataDir()} for {@code self} and recovers it.
   *
   * @throws LogCorruptException if the file cannot be trusted (naming the file and offset)
   * @throws IOException if the directory is in use by another process, or on an I/O error
   */
  static AcceptorLog open(StorageConfig config, NodeId self) throws IOException {
    Path dir = config.dataDir();
    PrivateFiles.createDirectories(dir); // owner only: the log holds every call and argument
    FileChannel lockChannel =
        FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    AcceptorLog log = new AcceptorLog(config, self, lockChannel);
    try {
      FileLock lock = lockChannel.tryLock();
      if (lock == null) {
        throw new IOException("data directory " + dir + " is in use by another process");
      }
      log.recover();
      return log;
    } catch (IOException | RuntimeException e) {
      log.close();
      if (e instanceof OverlappingFileLockException) {
        throw new IOException("data directory " + dir + " is already open in this process");
      }
      throw e;
    }
  }

  private void recover() throws IOException {
    // A temporary file is a compaction that did not finish; the log it was to replace is whole.
    Files.deleteIfExists(dir.resolve(TEMP));
    if (!Files.exists(path)) {
      syncDirectory(dir.toAbsolutePath().getParent());
      rewrite();
      return;
    }
    channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
    LogScanner.Recovered recovered = LogScanner.scan(path, channel, self);
    for (LogScanner.Entry entry : recovered.entries()) {
      state.apply(entry.write(), entry.recordBytes());
    }
    fileBytes = recovered.header().fileBytes();
    headerBytes = recovered.header().headerBytes();
    end = recovered.end();
    recovery = recovered.entries().size() + " records";
    if (recovered.droppedBytes() > 0) {
      recovery +=
          "; dropped a torn tail of "
              + recovered.droppedBytes()
              + " bytes at byte offset "
              + recovered.end()
              + " (a group commit that was never synced, so never acknowledged)";
      LOG.warning(path + ": " + recovery);
      rewrite(); // the torn bytes must not stay where the next records go
    }
  }

  /** The writes to rebuild the acceptor from: the snapshot of everything recovered. */
  List<DurableWrite> recoveredWrites() {
    return state.snapshot();
  }

  /** One line on what recovery found, for the node's start-up output. */
  String describeRecovery() {
    return path
        + ": "
        + recovery
        + "; promised "
        + state.promised()
        + ", "
        + state.acceptedCount()
        + " pvalues from slot "
        + state.slotTruncatedBelow();
  }

  /**
   * Appends {@code writes} as one group commit and syncs it, or compacts the log into a new file
   * that holds them (when the file is full or the garbage has grown past the threshold). Returns
   * once they are durable.
   */
  /** How long the last group commit's fsync took; -1 if it was a compaction instead. */
  long lastForceNanos() {
    return lastForceNanos;
  }

  void append(List<DurableWrite> writes) throws IOException {
    lastForceNanos = -1;
    // A group starts on a sector of its own, so a sector a crash loses is all zeros and holds
    // nothing of an earlier group (LogScanner relies on both).
    long start = roundUp(end, LogFormat.SECTOR_BYTES);
    out.clear();
    for (DurableWrite write : writes) {
      int recordStart = out.size();
      encodeRecord(write, start);
      state.apply(write, out.size() - recordStart);
    }
    long live = state.liveBytes();
    long garbage = start + out.size() - headerBytes - live;
    if (start + out.size() > fileBytes
        || garbage >= compactionFactor * Math.max(config.compactGarbageBytesMin(), live)) {
      rewrite();
      return;
    }
    writeFully(channel, out.buffer(), start);
    long forceStarted = System.nanoTime();
    channel.force(false);
    lastForceNanos = System.nanoTime() - forceStarted;
    end = start + out.size();
    releaseLargeBuffer();
  }

  private void releaseLargeBuffer() {
    if (out.array().length > BUFFER_BYTES_KEPT) {
      out = new WireWriter(64 * 1024);
    }
  }

  private void encodeRecord(DurableWrite write, long groupStart) {
    int start = out.size();
    for (int i = 0; i < LogFormat.RECORD_HEADER_BYTES; i += 4) {
      out.writeI32(0);
    }
    MessageCodec.encode(write, out);
    LogFormat.patchRecordHeader(out, start, groupStart);
  }

  /**
   * Writes the state's snapshot into a fresh file and puts it in place of the log. The snapshot is
   * written in pieces, then the header (which names where the snapshot ends), then the file is
   * synced, renamed over the log, and the directory synced.
   */
  private void rewrite() throws IOException {
    long started = System.nanoTime();
    int newHeaderBytes = LogFormat.headerBytes(self);
    long newFileBytes = rewrittenFileBytes(newHeaderBytes);
    Path temp = dir.resolve(TEMP);
    Files.deleteIfExists(temp);
    FileChannel fresh;
    try (RandomAccessFile file = new RandomAccessFile(temp.toFile(), "rw")) {
      file.setLength(newFileBytes); // a hole: zeros that take no disk until written
      fresh = FileChannel.open(temp, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }
    long snapshotEnd;
    try {
      snapshotEnd = writeSnapshot(fresh, newHeaderBytes, newFileBytes);
      writeFully(
          fresh, ByteBuffer.wrap(LogFormat.encodeHeader(newFileBytes, snapshotEnd, self)), 0);
      fresh.force(true);
      Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      syncDirectory(dir);
    } catch (IOException | RuntimeException e) {
      fresh.close();
      throw e;
    }
    if (channel != null) {
      channel.close();
      compactions++; // a rewrite of a log, not the creation of the first one
      compactionNanosMax = Math.max(compactionNanosMax, System.nanoTime() - started);
    }
    compactionFactor = 1 + random.nextDouble();
    channel = fresh;
    fileBytes = newFileBytes;
    headerBytes = newHeaderBytes;
    end = snapshotEnd;
    releaseLargeBuffer();
  }

  /** The size of the file a compaction writes, with a header of {@code newHeaderBytes}. */
  private long rewrittenFileBytes(int newHeaderBytes) throws IOException {
    long live = state.liveBytes(); // at least the snapshot's size
    // Room for the live state to grow and for the garbage that triggers the next compaction.
    long headroom = live + 3L * Math.max(config.compactGarbageBytesMin(), live);
    long newFileBytes = roundUp(Math.max(config.fileBytesMin(), newHeaderBytes + headroom), MIB);
    if (newFileBytes > LogFormat.FILE_BYTES_MAX) {
      throw new IOException(
          "the acceptor's state (about "
              + live
              + " bytes) is too large for a"
              + " log file of at most "
              + LogFormat.FILE_BYTES_MAX
              + " bytes");
    }
    return newFileBytes;
  }

  /**
   * Writes the state's snapshot into {@code fresh} after its header, in pieces; returns where it
   * ends.
   */
  private long writeSnapshot(FileChannel fresh, int newHeaderBytes, long newFileBytes)
      throws IOException {
    long snapshotEnd = newHeaderBytes;
    out.clear();
    for (DurableWrite write : state.snapshot()) {
      encodeRecord(write, newHeaderBytes); // the snapshot is the group at the header's end
      if (out.size() >= REWRITE_CHUNK_BYTES) {
        snapshotEnd = writeChunk(fresh, snapshotEnd);
      }
    }
    snapshotEnd = writeChunk(fresh, snapshotEnd);
    if (snapshotEnd > newFileBytes) {
      throw new IllegalStateException(
          "a snapshot of "
              + snapshotEnd
              + " bytes overran its file"
              + " of "
              + newFileBytes
              + ": the live-bytes bound is wrong");
    }
    return snapshotEnd;
  }

  /** Writes what {@code out} holds at {@code at}, empties it, returns the offset after it. */
  private long writeChunk(FileChannel target, long at) throws IOException {
    writeFully(target, out.buffer(), at);
    long next = at + out.size();
    out.clear();
    return next;
  }

  long compactions() {
    return compactions;
  }

  /** The longest compaction so far, in nanoseconds. */
  long compactionNanosMax() {
    return compactionNanosMax;
  }

  long fileBytes() {
    return fileBytes;
  }

  long end() {
    return end;
  }

  Path path() {
    return path;
  }

  private static void writeFully(FileChannel target, ByteBuffer bytes, long position)
      throws IOException {
    long at = position;
    while (bytes.hasRemaining()) {
      at += target.write(bytes, at);
    }
  }

  /** Makes a rename or a creation in {@code directory} durable. */
  static void syncDirectory(Path directory) throws IOException {
    if (directory == null) {
      return;
    }
    try (FileChannel handle = FileChannel.open(directory, StandardOpenOption.READ)) {
      handle.force(true);
    }
  }

  private static long roundUp(long value, long unit) {
    return (value + unit - 1) / unit * unit;
  }

  @Override
  public void close() throws IOException {
    try {
      if (channel != null) {
        channel.close();
      }
    } finally {
      lockChannel.close(); // releases the lock
    }
  }
}
