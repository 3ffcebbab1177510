package org.concoord.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code concoord} command: parses, validates and hands over to one subcommand. */
@Command(
    name = "concoord",
    mixinStandardHelpOptions = true,
    version = "concoord 0.1.0",
    description = "ConCoord: replicated Java objects on Multi-Paxos.",
    subcommands = {SimulateCommand.class})
public final class Main implements Runnable {
  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
