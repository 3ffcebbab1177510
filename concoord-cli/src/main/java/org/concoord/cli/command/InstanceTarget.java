package org.concoord.cli.command;

import java.io.IOException;
import java.nio.file.Path;
import org.concoord.cli.deploy.Deployment;
import org.concoord.cli.tls.ClientTlsOptions;
import org.concoord.client.ConcoordClient;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Which instance a client command (call, watch, acl, objects, status) talks to, and as whom: {@code
 * -b BOOTSTRAP}, else the bootstrap of the local deployment in {@code --dir} (written by {@code
 * initialize}), with the client identity of {@link ClientTlsOptions}. A picocli mixin; its options
 * are inherited by subcommands ({@code concoord objects list -b ...}).
 */
final class InstanceTarget {
  @Option(
      names = "-b",
      scope = ScopeType.INHERIT,
      description = "Bootstrap: host:port[,host:port...] (default: the local deployment's).")
  String bootstrap;

  @Option(
      names = "--dir",
      scope = ScopeType.INHERIT,
      defaultValue = ".concoord",
      description = "Local deployment directory (default ${DEFAULT-VALUE}).")
  Path dir;

  @Mixin ClientTlsOptions tls;

  /** {@code -b}, else the local deployment's bootstrap. */
  String bootstrap() throws IOException {
    return bootstrap != null ? bootstrap : Deployment.read(dir).bootstrap();
  }

  /** A client of the instance, with the TLS identity the options name. */
  ConcoordClient connect() throws IOException {
    return ConcoordClient.connect(bootstrap(), tls.options(dir));
  }
}
