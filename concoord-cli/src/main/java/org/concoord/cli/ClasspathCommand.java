package org.concoord.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code concoord classpath}: the client classpath, for {@code javac -cp "$(...)"}. */
@Command(
    name = "classpath",
    mixinStandardHelpOptions = true,
    description = "Prints the classpath that compiles and runs a client against a proxy.")
final class ClasspathCommand implements Callable<Integer> {
  @Override
  public Integer call() throws Exception {
    System.out.println(ownJar());
    return 0;
  }

  /** The jar (or class directory) this command runs from: it holds the client library. */
  static Path ownJar() throws Exception {
    return Path.of(ClasspathCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
  }
}
