package org.concoord.cli.deploy;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import org.concoord.cli.tls.CertificateAuthority;
import org.concoord.client.tls.TlsCredentials;

/**
 * Certificates for nodes started over SSH: the node's port is chosen here (its certificate must
 * name it), the certificate is issued from the instance CA in the deployment directory, and the
 * host gets only that node's certificate and key and the CA bundle, in a 0700 {@code tls/} of its
 * deployment directory (the key 0600). The CA key never leaves this machine.
 */
final class RemoteTls {
  static final String DIR = "tls";
  private static final int PORT_MIN = 14000;
  private static final int PORT_SPAN = 1000;

  private final InstanceSpec spec;
  private final Set<String> taken = new HashSet<>();
  private final SecureRandom random = new SecureRandom();

  RemoteTls(InstanceSpec spec) {
    this.spec = spec;
  }

  /** The port the node on {@code remote} at {@code bindAddress} is to use; null if insecure. */
  Integer install(RemoteHost remote, String bindAddress) throws DeployException {
    if (spec.tlsDir() == null) {
      return null;
    }
    int port;
    do {
      port = PORT_MIN + random.nextInt(PORT_SPAN);
    } while (!taken.add(bindAddress + ":" + port));
    String address =
        bindAddress.contains(":") ? "[" + bindAddress + "]:" + port : bindAddress + ":" + port;
    try {
      String stem =
          new CertificateAuthority(spec.tlsDir())
              .issueNode(address, CertificateAuthority.LEAF_VALIDITY);
      remote.installTls(
          spec.tlsDir().resolve(stem + ".pem"),
          spec.tlsDir().resolve(stem + ".key"),
          spec.tlsDir().resolve(TlsCredentials.CA_FILE),
          stem);
    } catch (DeployException e) {
      throw e;
    } catch (Exception e) {
      throw new DeployException(
          remote.label(),
          "tls",
          "cannot issue the certificate of " + address + ": " + e.getMessage(),
          e);
    }
    return port;
  }
}
