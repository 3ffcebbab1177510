package org.concoord.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Directories and files only their owner may read: a node's data holds every call and its arguments
 * (the acceptor's log) and the whole object (snapshots), so they are created 0700 and 0600 whatever
 * the umask (review F8). On a file system without POSIX permissions, as created.
 */
public final class PrivateFiles {
  static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
  static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  private PrivateFiles() {}

  private static boolean posix() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }

  /** Creates {@code dir} (and missing parents) and makes {@code dir} itself 0700. */
  public static Path createDirectories(Path dir) throws IOException {
    Files.createDirectories(dir);
    if (posix()) {
      Files.setPosixFilePermissions(dir, DIR);
    }
    return dir;
  }

  /** Makes an existing or new file 0600 (creating it empty if missing). */
  public static Path restrict(Path file) throws IOException {
    if (!Files.exists(file)) {
      Files.createFile(file);
    }
    if (posix()) {
      Files.setPosixFilePermissions(file, FILE);
    }
    return file;
  }

  static void writeString(Path file, String text) throws IOException {
    restrict(file);
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }
}
