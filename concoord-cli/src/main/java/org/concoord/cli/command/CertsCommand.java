package org.concoord.cli.command;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.concoord.cli.tls.CertificateAuthority;
import org.concoord.client.tls.TlsCredentials;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code concoord certs create-ca | create-node ADDRESS | create-client NAME}: an instance's CA and
 * the certificates of its nodes and clients, as PEM files in one directory (keys 0600).
 */
@Command(
    name = "certs",
    mixinStandardHelpOptions = true,
    description = "Creates an instance's CA and its nodes' and clients' certificates (PEM).",
    subcommands = {
      CertsCommand.CreateCa.class,
      CertsCommand.CreateNode.class,
      CertsCommand.CreateClient.class
    })
public final class CertsCommand implements Runnable {
  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }

  /** Options every subcommand shares. */
  static class Common {
    @Option(
        names = "--dir",
        paramLabel = "DIR",
        description = "Where the CA and certificates are (default ${DEFAULT-VALUE}).",
        defaultValue = ".concoord/tls")
    Path dir;

    @Option(
        names = "--days",
        paramLabel = "DAYS",
        description = "Validity in days (default: 3650 for a CA, 365 otherwise).")
    Integer days;

    Duration validity(Duration otherwise) {
      return days == null ? otherwise : Duration.ofDays(days);
    }
  }

  @Command(
      name = "create-ca",
      mixinStandardHelpOptions = true,
      description = "Creates the instance CA: DIR/ca.crt, DIR/ca.key (0600), DIR/ca.pem.")
  static final class CreateCa extends Common implements Callable<Integer> {
    @Option(
        names = "--name",
        description = "The CA's common name (default ${DEFAULT-VALUE}).",
        defaultValue = "ConCoord instance CA")
    String name;

    @Override
    public Integer call() throws Exception {
      new CertificateAuthority(dir).create(name, validity(CertificateAuthority.CA_VALIDITY));
      System.out.println(
          "concoord certs: CA in "
              + dir.resolve(CertificateAuthority.CA_CERT)
              + " (key "
              + dir.resolve(CertificateAuthority.CA_KEY)
              + ", trusted CAs "
              + dir.resolve(TlsCredentials.CA_FILE)
              + ")");
      return 0;
    }
  }

  @Command(
      name = "create-node",
      mixinStandardHelpOptions = true,
      description =
          "Issues a node's certificate for its address host:port: DIR/node-ADDRESS.pem"
              + " and .key (0600).")
  static final class CreateNode extends Common implements Callable<Integer> {
    @Parameters(paramLabel = "ADDRESS", description = "host:port, as the node is started with.")
    String address;

    @Override
    public Integer call() throws Exception {
      org.concoord.runtime.Addresses.parse(address); // a bad address fails here
      String stem =
          new CertificateAuthority(dir)
              .issueNode(address, validity(CertificateAuthority.LEAF_VALIDITY));
      System.out.println("concoord certs: node " + address + " in " + dir.resolve(stem + ".pem"));
      return 0;
    }
  }

  @Command(
      name = "create-client",
      mixinStandardHelpOptions = true,
      description = "Issues a client's certificate for principal NAME: DIR/NAME.pem and .key.")
  static final class CreateClient extends Common implements Callable<Integer> {
    @Parameters(paramLabel = "NAME", description = "The principal: 1-64 of A-Z a-z 0-9 . _ -")
    String name;

    @Override
    public Integer call() throws Exception {
      String stem =
          new CertificateAuthority(dir)
              .issueClient(name, validity(CertificateAuthority.LEAF_VALIDITY));
      System.out.println(
          "concoord certs: client "
              + name
              + " in "
              + dir.resolve(stem + ".pem")
              + " (use: CONCOORD_TLS_DIR="
              + dir
              + " CONCOORD_TLS_NAME="
              + name
              + ")");
      return 0;
    }
  }
}
