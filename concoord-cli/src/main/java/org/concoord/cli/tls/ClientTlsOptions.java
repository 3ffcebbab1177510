package org.concoord.cli.tls;

import java.nio.file.Path;
import org.concoord.client.ClientOptions;
import org.concoord.client.tls.TlsCredentials;
import picocli.CommandLine.Option;

/**
 * How a command that talks to an instance ({@code call}, {@code status}, {@code bench}) presents
 * itself: a client certificate from {@code --tls-dir} (default {@code $CONCOORD_TLS_DIR}, else the
 * deployment directory's {@code tls/}, where {@code initialize} left the admin credential), as
 * principal {@code --tls-name} (default {@code $CONCOORD_TLS_NAME}, else {@code admin}); or
 * plaintext with {@code --insecure}, for an instance started so.
 */
public final class ClientTlsOptions {
  @Option(
      names = "--tls-dir",
      paramLabel = "DIR",
      description =
          "Where ca.pem and NAME.pem/.key are (default: $CONCOORD_TLS_DIR, else"
              + " DEPLOYMENT-DIR/tls).")
  Path dir;

  @Option(
      names = "--tls-name",
      paramLabel = "NAME",
      description =
          "The client principal whose certificate to use (default: $CONCOORD_TLS_NAME,"
              + " else admin).")
  String name;

  @Option(names = "--insecure", description = "Plaintext: for an instance started with --insecure.")
  boolean insecure;

  /** {@code --tls-dir}; null if not given. */
  public Path dir() {
    return dir;
  }

  /** {@code --insecure}: plaintext. */
  public boolean insecure() {
    return insecure;
  }

  /** The credentials to use with the deployment in {@code deploymentDir}; null for plaintext. */
  public TlsCredentials resolve(Path deploymentDir) {
    if (insecure) {
      return null;
    }
    String who = name != null ? name : System.getenv(TlsCredentials.NAME_VARIABLE);
    who = who == null || who.isBlank() ? TlsCredentials.ADMIN_NAME : who;
    if (dir != null) {
      return TlsCredentials.inDirectory(dir, who);
    }
    String fromEnvironment = System.getenv(TlsCredentials.DIR_VARIABLE);
    if (fromEnvironment != null && !fromEnvironment.isBlank()) {
      return TlsCredentials.inDirectory(Path.of(fromEnvironment), who);
    }
    Path local = deploymentDir.resolve("tls");
    return TlsCredentials.presentIn(local, who) ? TlsCredentials.inDirectory(local, who) : null;
  }

  public ClientOptions options(Path deploymentDir) {
    return ClientOptions.defaults().withTls(resolve(deploymentDir));
  }
}
