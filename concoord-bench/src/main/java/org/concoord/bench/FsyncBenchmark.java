package org.concoord.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * This machine's sync time, the floor under a durable acceptor's latency: append 4 KiB to a file,
 * then {@code FileChannel.force} ({@code metadata=false}: fdatasync, what the acceptor's log uses
 * for group commits; {@code true}: fsync). Sample mode, so JMH prints percentiles. {@code -p
 * dir=PATH} measures another disk (default: the working directory).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 3)
public class FsyncBenchmark {
  @Param({"false", "true"})
  public boolean metadata;

  @Param({"4096"})
  public int bytes;

  @Param({"."})
  public String dir;

  private Path file;
  private FileChannel channel;
  private ByteBuffer block;

  @Setup(Level.Iteration)
  public void open() throws IOException {
    file = Files.createTempFile(Path.of(dir), "concoord-fsync-", ".bin");
    channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    block = ByteBuffer.allocateDirect(bytes);
    while (block.hasRemaining()) {
      block.put((byte) 0x5A);
    }
  }

  @Benchmark
  public long appendAndForce() throws IOException {
    block.clear();
    while (block.hasRemaining()) {
      channel.write(block);
    }
    channel.force(metadata);
    return channel.position();
  }

  @TearDown(Level.Iteration)
  public void close() throws IOException {
    channel.close();
    Files.deleteIfExists(file);
  }
}
