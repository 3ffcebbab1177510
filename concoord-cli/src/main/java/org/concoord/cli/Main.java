package org.concoord.cli;

import org.concoord.cli.command.AcceptorCommand;
import org.concoord.cli.command.AclCommand;
import org.concoord.cli.command.AddnodeCommand;
import org.concoord.cli.command.BenchCommand;
import org.concoord.cli.command.CallCommand;
import org.concoord.cli.command.CertsCommand;
import org.concoord.cli.command.ClasspathCommand;
import org.concoord.cli.command.InitializeCommand;
import org.concoord.cli.command.NameserverCommand;
import org.concoord.cli.command.ObjectsCommand;
import org.concoord.cli.command.RecoverCommand;
import org.concoord.cli.command.ReplicaCommand;
import org.concoord.cli.command.RestartCommand;
import org.concoord.cli.command.SimulateCommand;
import org.concoord.cli.command.SnapshotCommand;
import org.concoord.cli.command.StartCommand;
import org.concoord.cli.command.StatusCommand;
import org.concoord.cli.command.StopCommand;
import org.concoord.cli.command.UpgradeCommand;
import org.concoord.cli.command.WatchCommand;
import org.concoord.codegen.cli.ObjectCommand;
import org.concoord.runtime.logging.LogSetup;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code concoord} command: parses, validates and hands over to one subcommand. */
@Command(
    name = "concoord",
    mixinStandardHelpOptions = true,
    version = "concoord 0.1.0",
    description = "ConCoord: replicated Java objects on Multi-Paxos.",
    subcommands = {
      ObjectCommand.class,
      ReplicaCommand.class,
      AcceptorCommand.class,
      NameserverCommand.class,
      InitializeCommand.class,
      StartCommand.class,
      RestartCommand.class,
      AddnodeCommand.class,
      StopCommand.class,
      CallCommand.class,
      WatchCommand.class,
      AclCommand.class,
      UpgradeCommand.class,
      ObjectsCommand.class,
      StatusCommand.class,
      ClasspathCommand.class,
      BenchCommand.class,
      SimulateCommand.class,
      CertsCommand.class,
      SnapshotCommand.class,
      RecoverCommand.class
    })
public final class Main implements Runnable {
  public static void main(String[] args) {
    // java.util.logging (the code's loggers) into SLF4J and Logback; node commands may change
    // the format and target (--log-format, --log-file).
    LogSetup.configure(LogSetup.Format.TEXT, null);
    CommandLine commandLine = new CommandLine(new Main());
    // A user's mistake (a missing file, an object that does not compile, an unreachable
    // bootstrap) is reported as one clear message, not a stack trace.
    commandLine.setExecutionExceptionHandler(
        (e, line, parsed) -> {
          line.getErr().println("concoord " + line.getCommandName() + ": " + e.getMessage());
          if (System.getenv("CONCOORD_DEBUG") != null) {
            e.printStackTrace(line.getErr());
          }
          return 2;
        });
    System.exit(commandLine.execute(args));
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
