package org.concoord.cli.command;

import java.nio.file.Files;
import java.nio.file.Path;
import org.concoord.cli.deploy.LocalNodes;
import org.concoord.runtime.Addresses;
import org.concoord.runtime.storage.Durability;
import org.concoord.runtime.storage.StorageConfig;
import picocli.CommandLine.Option;

/** {@code --data-dir} and {@code --durability}, shared by the node commands. */
final class StorageOptions {
  /** Where a node keeps its data unless told otherwise: under the local deployment's directory. */
  static final Path DATA_ROOT_DEFAULT = Path.of(".concoord", "data");

  @Option(
      names = "--data-dir",
      description =
          "This node's data directory (default: .concoord/data/HOST-PORT). A node"
              + " restarted on the same address and data directory recovers its state.")
  Path dataDir;

  @Option(
      names = "--durability",
      defaultValue = "fsync",
      description =
          "fsync (default): an acceptor's promises and accepted values are on disk"
              + " before they are acknowledged. none: nothing on disk, the original ConCoord's"
              + " in-memory behaviour; a restarted node starts empty.")
  String durability;

  /**
   * A free port for a node given no {@code -p}: with the default data directory, one whose
   * directory does not exist yet, so that a new node never takes up another node's data.
   */
  int choosePort(String host) {
    if (dataDir != null) {
      return Addresses.freePort(host);
    }
    return Addresses.freePort(
        host, port -> !Files.exists(LocalNodes.dataDirFor(DATA_ROOT_DEFAULT, host + ":" + port)));
  }

  StorageConfig resolve(String address) {
    Path dir = dataDir != null ? dataDir : LocalNodes.dataDirFor(DATA_ROOT_DEFAULT, address);
    return StorageConfig.of(Durability.parse(durability), dir);
  }
}
