package org.concoord.runtime.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.stream.Collectors;
import org.concoord.core.NodeId;
import org.concoord.core.view.View;

/**
 * Which instance a data directory belongs to: the instance's genesis view (the view of slot 1,
 * which every node of the instance is told when it joins), kept in {@code DIR/instance}. A node
 * whose directory holds another instance's state (an address reused, a directory copied) must not
 * bring promises and accepted values from that instance into this one.
 *
 * <p>Written once, atomically (temporary file, sync, rename, sync directory).
 */
public final class InstanceMark {
  static final String FILE = "instance";

  private InstanceMark() {}

  /** A stable text for {@code genesis}: its members by role, sorted. */
  public static String of(View genesis) {
    return "replicas="
        + join(genesis.replicas())
        + " acceptors="
        + join(genesis.acceptors())
        + " nameservers="
        + join(genesis.nameservers());
  }

  private static String join(java.util.Collection<NodeId> nodes) {
    return nodes.stream().map(NodeId::address).collect(Collectors.joining(","));
  }

  /**
   * The genesis view written as {@link #of}.
   *
   * @throws IOException if {@code mark} is not such a text
   */
  public static View parse(String mark) throws IOException {
    String[] parts = mark.trim().split(" ");
    if (parts.length != 3
        || !parts[0].startsWith("replicas=")
        || !parts[1].startsWith("acceptors=")
        || !parts[2].startsWith("nameservers=")) {
      throw new IOException("not an instance mark: " + mark);
    }
    try {
      return new View(0, nodes(parts[0]), nodes(parts[1]), nodes(parts[2]));
    } catch (IllegalArgumentException e) {
      throw new IOException("not an instance mark: " + mark, e);
    }
  }

  private static java.util.List<NodeId> nodes(String part) {
    String list = part.substring(part.indexOf('=') + 1);
    return list.isEmpty()
        ? java.util.List.of()
        : java.util.Arrays.stream(list.split(",")).map(NodeId::of).toList();
  }

  public static Optional<String> read(Path dir) throws IOException {
    Path file = dir.resolve(FILE);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    return Optional.of(Files.readString(file, StandardCharsets.UTF_8).trim());
  }

  public static void write(Path dir, String mark) throws IOException {
    Path temp = dir.resolve(FILE + ".tmp");
    try (FileChannel out =
        FileChannel.open(
            temp,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      ByteBuffer bytes = ByteBuffer.wrap((mark + "\n").getBytes(StandardCharsets.UTF_8));
      while (bytes.hasRemaining()) {
        out.write(bytes);
      }
      out.force(true);
    }
    Files.move(
        temp,
        dir.resolve(FILE),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
    AcceptorLog.syncDirectory(dir);
  }
}
