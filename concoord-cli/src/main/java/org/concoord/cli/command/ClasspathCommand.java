package org.concoord.cli.command;

import java.util.concurrent.Callable;
import org.concoord.cli.deploy.OwnJar;
import picocli.CommandLine.Command;

/** {@code concoord classpath}: the client classpath, for {@code javac -cp "$(...)"}. */
@Command(
    name = "classpath",
    mixinStandardHelpOptions = true,
    description = "Prints the classpath that compiles and runs a client against a proxy.")
public final class ClasspathCommand implements Callable<Integer> {
  @Override
  public Integer call() throws Exception {
    System.out.println(OwnJar.path());
    return 0;
  }
}
