package org.concoord.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Why a replica stopped on its object's fault (an Error, or a call past the watchdog bound), kept
 * in its data directory as {@value #FILE}: {@code concoord status} shows it for a node that does
 * not answer, {@code concoord start} warns before starting it again, and the replica itself says at
 * start that it stopped before, and at the next stop whether it was at the same slot (then
 * restarting does not help: the decided call fails alike every time, until the object is fixed).
 */
public final class StopRecord {
  public static final String FILE = "stopped";
  static final String PREVIOUS = "stopped.previous";

  private StopRecord() {}

  /** The recorded reason in {@code dataDir}, or null if none (or unreadable). */
  public static String read(Path dataDir) {
    return readFile(dataDir == null ? null : dataDir.resolve(FILE));
  }

  /** At start: moves the last record aside and returns it (null if none). */
  static String takePrevious(Path dataDir) {
    Path file = dataDir.resolve(FILE);
    if (!Files.exists(file)) {
      return null;
    }
    try {
      Files.move(file, dataDir.resolve(PREVIOUS), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      return readFile(file);
    }
    return readFile(dataDir.resolve(PREVIOUS));
  }

  /** Records {@code reason} (an owner-only file); says "again" if the last run stopped so too. */
  static String write(Path dataDir, long slot, String reason) {
    String previous = readFile(dataDir.resolve(PREVIOUS));
    String text = reason;
    if (slot > 0 && previous != null && previous.startsWith("slot " + slot + ":")) {
      text =
          reason
              + "\nthe previous run stopped at this slot too: restarting will not help"
              + " until the object is fixed";
    }
    try {
      PrivateFiles.writeString(dataDir.resolve(FILE), text + "\n");
    } catch (IOException e) {
      // the log has it all the same
    }
    return text;
  }

  private static String readFile(Path file) {
    if (file == null || !Files.isRegularFile(file)) {
      return null;
    }
    try {
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      return null;
    }
  }
}
