package org.concoord.cli.command;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.concoord.cli.deploy.Deployment;
import org.concoord.cli.hosting.LoadCheck;
import org.concoord.cli.tls.ClientTlsOptions;
import org.concoord.client.ConcoordClient;
import org.concoord.codegen.LoadedObject;
import org.concoord.codegen.ObjectLoader;
import org.concoord.core.codec.WireSizes;
import org.concoord.core.command.Call;
import org.concoord.core.host.CodeVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code concoord upgrade -f FILE -c CLASS} and {@code concoord upgrade --rollback}: switches a
 * running instance to new object code, or back, without stopping it (docs/operations.md, "Code
 * upgrades"). Compiles and checks the new code here, then asks the instance what it runs, has the
 * replicas check that every object's state carries over (a decided call that changes nothing: the
 * report of every field), and only if it does sends the decided upgrade, the code inside it, which
 * every replica applies at the same slot. Admin only.
 */
@Command(
    name = "upgrade",
    mixinStandardHelpOptions = true,
    description =
        "Switches the running instance to new object code at one slot on every replica"
            + " (fields carry over by name and type; an incompatible upgrade is refused before"
            + " anything changes), or back with --rollback. Admin only. Without -b, uses the local"
            + " deployment started by 'concoord initialize'.")
public final class UpgradeCommand implements Callable<Integer> {
  /** Bytes of a command's wrapper besides the jar (action, digests, class name). */
  static final int ARGUMENTS_OVERHEAD_BYTES = 4096;

  @Option(
      names = "-f",
      description =
          "The new object: a .java, .class or .jar file, or a"
              + " directory of .java files; -f several times for several files compiled together.")
  List<Path> files;

  @Option(names = "-c", description = "The new object's class name.")
  String className;

  @Option(
      names = "--rollback",
      description =
          "Back to the code before the last upgrade (the"
              + " fields the newer code added are dropped).")
  boolean rollback;

  @Option(names = "--check", description = "Only report what would carry over; change nothing.")
  boolean checkOnly;

  @Option(names = "-b", description = "Bootstrap: host:port[,host:port...].")
  String bootstrap;

  @Option(
      names = "--dir",
      description = "Local deployment directory (default ${DEFAULT-VALUE}).",
      defaultValue = ".concoord")
  String dir;

  @CommandLine.Mixin ClientTlsOptions tls;

  @Override
  public Integer call() throws Exception {
    if (rollback == (files != null)) {
      throw new CommandLine.ParameterException(
          new CommandLine(this), "give either -f FILE -c CLASS (an upgrade) or --rollback");
    }
    if (!rollback && className == null) {
      throw new CommandLine.ParameterException(new CommandLine(this), "-c CLASS is required");
    }
    Object[] code = rollback ? new Object[0] : code();
    if (code == null) {
      return 1;
    }
    String target = bootstrap != null ? bootstrap : Deployment.read(Path.of(dir)).bootstrap();
    try (ConcoordClient client =
        ConcoordClient.connect(
            target,
            tls.options(Path.of(dir)).withRequestTimeout(java.time.Duration.ofSeconds(10)))) {
      List<?> current = client.invoke(Call.UPGRADE_METHOD, List.class, "describe");
      String expected = (String) current.get(0);
      List<?> checked =
          client.invoke(
              Call.UPGRADE_METHOD,
              List.class,
              arguments(rollback ? "rollback-check" : "check", expected, code));
      System.out.print(checked.get(1));
      if (!Boolean.TRUE.equals(checked.get(0))) {
        System.err.println(
            "concoord upgrade: refused: the state cannot carry over (above);" + " nothing changed");
        return 1;
      }
      if (checkOnly) {
        return 0;
      }
      String done =
          client.invoke(
              Call.UPGRADE_METHOD,
              String.class,
              arguments(rollback ? "rollback" : "upgrade", expected, code));
      System.out.println(
          done.lines().filter(l -> l.startsWith("switched")).findFirst().orElse(done));
      return 0;
    } catch (RuntimeException e) {
      System.err.println("concoord upgrade: " + e.getMessage());
      return 1;
    }
  }

  private static Object[] arguments(String action, String expected, Object[] code) {
    Object[] args = new Object[2 + code.length];
    args[0] = action;
    args[1] = expected;
    System.arraycopy(code, 0, args, 2, code.length);
    return args;
  }

  /**
   * [class, jar, digest] of the new code, compiled and checked here as a replica will load it; null
   * (said on standard error) if it is refused.
   */
  private Object[] code() throws Exception {
    try (LoadedObject loaded = ObjectLoader.open(files, className)) {
      if (!LoadCheck.passes(loaded, false, System.err)) {
        return null;
      }
      Path jar = Files.createTempFile("concoord-upgrade", ".jar");
      try {
        byte[] bytes = Files.readAllBytes(loaded.writeJar(jar, name -> true));
        int bound = WireSizes.COMMAND_BYTES_MAX - ARGUMENTS_OVERHEAD_BYTES;
        if (bytes.length > bound) {
          System.err.println(
              "concoord upgrade: the code is "
                  + bytes.length
                  + " bytes as a jar,"
                  + " over the "
                  + bound
                  + " bytes one decided command carries; give only the"
                  + " object's classes");
          return null;
        }
        String name = loaded.objectClass().getName();
        System.out.println(
            "new code: "
                + name
                + ", "
                + bytes.length
                + " bytes, digest "
                + CodeVersion.digestOf(bytes).substring(0, 12));
        return new Object[] {name, bytes, CodeVersion.digestOf(bytes)};
      } finally {
        Files.deleteIfExists(jar);
      }
    }
  }
}
