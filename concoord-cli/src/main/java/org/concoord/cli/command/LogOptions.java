package org.concoord.cli.command;

import java.nio.file.Path;
import org.concoord.runtime.logging.LogSetup;
import picocli.CommandLine.Option;

/** {@code --log-format} and {@code --log-file}, shared by the node commands. */
final class LogOptions {
  @Option(
      names = "--log-format",
      paramLabel = "json|text",
      defaultValue = "text",
      description =
          "Log lines as text (default) or as one JSON object per line, with the node, "
              + "role, ballot, slot and method of the node thread's lines.")
  String format;

  @Option(
      names = "--log-file",
      paramLabel = "FILE",
      description =
          "Log to FILE, rotated at "
              + LogSetup.FILE_SIZE_MAX
              + " (FILE.1 ... FILE."
              + LogSetup.FILES_KEPT
              + " kept), instead of standard error.")
  Path file;

  /** Applies these options to the process's logging. */
  void apply() {
    LogSetup.configure(LogSetup.Format.parse(format), file);
  }
}
