package org.concoord.cli.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import org.concoord.client.tls.TlsCredentials;
import org.concoord.core.NodeId;
import picocli.CommandLine.Option;

/**
 * How a node secures its connections: TLS 1.3 with its certificate from {@code --tls-dir} (default
 * {@code $CONCOORD_TLS_DIR}, else {@code .concoord/tls}), or plaintext with {@code --insecure}.
 * Secure by default: a node without a certificate gets one from the CA in that directory if the
 * CA's key is there; on a loopback address, with no CA at all in the default directory, the CA is
 * created (with an {@code admin} client credential beside it, which {@code call}, {@code status},
 * {@code bench}, {@code stop} and proxies find by themselves).
 */
public final class TlsOptions {
  @Option(
      names = "--tls-dir",
      paramLabel = "DIR",
      description =
          "The instance CA (ca.pem) and this node's node-ADDRESS.pem/.key (default:"
              + " $CONCOORD_TLS_DIR, else .concoord/tls).")
  Path dir;

  @Option(
      names = "--insecure",
      description =
          "Plaintext, no authentication: anyone who reaches the port controls the"
              + " instance. Only for a trusted, isolated network.")
  boolean insecure;

  /** The credentials of node {@code self}; null with --insecure. */
  public TlsCredentials resolve(NodeId self) throws IOException, GeneralSecurityException {
    if (insecure) {
      System.err.println(
          "concoord: WARNING: " + self + " runs plaintext and unauthenticated" + " (--insecure)");
      return null;
    }
    boolean implicit = dir == null && System.getenv(TlsCredentials.DIR_VARIABLE) == null;
    Path where = directory();
    String stem = CertificateAuthority.nodeName(self.address());
    if (TlsCredentials.presentIn(where, stem)) {
      return TlsCredentials.inDirectory(where, stem);
    }
    CertificateAuthority ca = new CertificateAuthority(where);
    if (!ca.exists()
        && implicit
        && CertificateAuthority.isLoopback(CertificateAuthority.hostOf(self.address()))) {
      createLocalCa(ca);
    }
    if (!ca.exists()) {
      throw new IOException(
          "no TLS certificate for "
              + self
              + " in "
              + where
              + " ("
              + stem
              + ".pem and .key, and ca.pem): create one with 'concoord certs create-node "
              + self.address()
              + " --dir "
              + where
              + "', or run plaintext with --insecure");
    }
    ca.issueNode(self.address(), CertificateAuthority.LEAF_VALIDITY);
    return TlsCredentials.inDirectory(where, stem);
  }

  Path directory() {
    if (dir != null) {
      return dir;
    }
    String fromEnvironment = System.getenv(TlsCredentials.DIR_VARIABLE);
    return fromEnvironment != null && !fromEnvironment.isBlank()
        ? Path.of(fromEnvironment)
        : TlsCredentials.DEFAULT_DIR;
  }

  /** A CA and an admin client credential for instances on this machine. */
  public static void createLocalCa(CertificateAuthority ca)
      throws IOException, GeneralSecurityException {
    try {
      ca.create("ConCoord instance CA", CertificateAuthority.CA_VALIDITY);
    } catch (java.nio.file.FileAlreadyExistsException raced) {
      return; // another node created it just now
    }
    if (!TlsCredentials.presentIn(ca.dir(), TlsCredentials.ADMIN_NAME)) {
      try {
        ca.issueClient(TlsCredentials.ADMIN_NAME, CertificateAuthority.LEAF_VALIDITY);
      } catch (java.nio.file.FileAlreadyExistsException raced) {
        // another node is issuing it just now
      }
    }
  }
}
