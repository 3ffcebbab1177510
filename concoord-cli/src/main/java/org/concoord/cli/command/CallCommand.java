package org.concoord.cli.command;

import java.util.List;
import java.util.concurrent.Callable;
import org.concoord.client.ConcoordClient;
import org.concoord.client.ConcoordException;
import org.concoord.client.tls.BearerToken;
import org.concoord.client.tls.TlsCredentials;
import org.concoord.core.value.Values;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code concoord call -b BOOTSTRAP METHOD [ARGS...]}: one call from the shell, JSON in and out.
 */
@Command(
    name = "call",
    mixinStandardHelpOptions = true,
    description =
        "Invokes a method of the replicated object; arguments are JSON values (a"
            + " bare word is a string: put a x), the result is printed as JSON (records and classes"
            + " as objects by field name; nothing for a void method; 'empty' for an empty Optional)."
            + " Without -b, uses the local deployment started by 'concoord initialize'.")
public final class CallCommand implements Callable<Integer> {
  @picocli.CommandLine.Mixin InstanceTarget instance;

  @Option(
      names = "--token-file",
      paramLabel = "FILE",
      description =
          "Authenticate by the bearer token in FILE (concoord acl token create) instead"
              + " of a client certificate, trusting ca.pem of --tls-dir (else $CONCOORD_TLS_DIR, else"
              + " the deployment's tls directory).")
  java.nio.file.Path tokenFile;

  @Option(
      names = "-o",
      paramLabel = "NAME",
      description =
          "The named object to call (a path such as locks/orders); without it, the"
              + " instance's default object. A name used for the first time is created (as --class,"
              + " else the instance's own class) if the instance creates objects on first use.")
  String object;

  @Option(
      names = "--class",
      paramLabel = "CLASS",
      description =
          "With -o: the class the object must be (binary or simple name); a name"
              + " holding another class is refused.")
  String objectClass;

  @Option(
      names = "--read",
      paramLabel = "MODE",
      defaultValue = "linearizable",
      description =
          "How a read-only method is answered: linearizable (default: the leader,"
              + " after confirming it leads), lease (the leader, within its lease), sequential (any"
              + " replica, never older than what this call saw) or bounded:N (any replica at most N"
              + " ms behind the leader; N ms or Ns). Writes go through the log whatever it says.")
  String read;

  @Parameters(index = "0", description = "The method.")
  String method;

  @Parameters(index = "1..*", description = "Arguments, one JSON value or bare word each.")
  List<String> args = List.of();

  /** The client's options: a certificate's (as for every client command) or a token's. */
  private org.concoord.client.ClientOptions options() throws java.io.IOException {
    org.concoord.client.ClientOptions options = instance.tls.options(instance.dir);
    if (tokenFile == null) {
      return options;
    }
    String fromEnvironment = System.getenv(TlsCredentials.DIR_VARIABLE);
    java.nio.file.Path where =
        instance.tls.dir() != null
            ? instance.tls.dir()
            : fromEnvironment != null && !fromEnvironment.isBlank()
                ? java.nio.file.Path.of(fromEnvironment)
                : instance.dir.resolve("tls");
    return options.withTls(
        TlsCredentials.withToken(
            where.resolve(TlsCredentials.CA_FILE), BearerToken.read(tokenFile)));
  }

  @Override
  public Integer call() throws Exception {
    if (objectClass != null && object == null) {
      System.err.println("concoord call: --class needs -o NAME");
      return 2;
    }
    org.concoord.core.command.ReadMode mode;
    try {
      mode = org.concoord.core.command.ReadMode.parse(read);
    } catch (IllegalArgumentException e) {
      System.err.println("concoord call: --read: " + e.getMessage());
      return 2;
    }
    try (ConcoordClient client =
        ConcoordClient.connect(instance.bootstrap(), options()).withReads(mode)) {
      ConcoordClient callee =
          object == null ? client : client.object(object, objectClass == null ? "" : objectClass);
      byte[] result = callee.invokeRaw(method, Values.argsFromJson(args));
      String text = Values.resultText(result); // nothing for void, "empty" for Optional.empty()
      if (text != null) {
        System.out.println(text);
      }
      return 0;
    } catch (ConcoordException e) {
      System.err.println("concoord call: " + e.getMessage());
      return 1;
    }
  }
}
