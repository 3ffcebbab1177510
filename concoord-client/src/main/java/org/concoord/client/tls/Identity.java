package org.concoord.client.tls;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;

/**
 * Who a certificate of an instance CA says its holder is: a node at an address ({@code host:port},
 * the same string as its NodeId) or a client principal. The name is the certificate's URI subject
 * alternative name, {@code concoord-node://host:port} or {@code concoord-client://name}: one
 * certificate, one identity, so a node certificate cannot pass for another node's and a client's
 * cannot pass for a node.
 *
 * @param node true for a node certificate
 * @param name the node's address or the client's principal name
 */
public record Identity(boolean node, String name) {
  public static final String NODE_SCHEME = "concoord-node://";
  public static final String CLIENT_SCHEME = "concoord-client://";

  /** The SAN type of a URI (RFC 5280, GeneralName uniformResourceIdentifier). */
  private static final int SAN_URI = 6;

  /** The URI that names this identity in a certificate. */
  public String uri() {
    return (node ? NODE_SCHEME : CLIENT_SCHEME) + name;
  }

  /** The identity a certificate names; null when it names none (not one of ours). */
  public static Identity of(X509Certificate certificate) {
    Collection<List<?>> names;
    try {
      names = certificate.getSubjectAlternativeNames();
    } catch (CertificateParsingException e) {
      return null;
    }
    if (names == null) {
      return null;
    }
    Identity found = null;
    for (List<?> entry : names) {
      if (entry.size() < 2 || !(entry.get(0) instanceof Integer type) || type != SAN_URI) {
        continue;
      }
      String uri = String.valueOf(entry.get(1));
      Identity identity =
          uri.startsWith(NODE_SCHEME)
              ? new Identity(true, uri.substring(NODE_SCHEME.length()))
              : uri.startsWith(CLIENT_SCHEME)
                  ? new Identity(false, uri.substring(CLIENT_SCHEME.length()))
                  : null;
      if (identity != null) {
        if (found != null) {
          return null; // two identities in one certificate: trust neither
        }
        found = identity;
      }
    }
    return found;
  }

  @Override
  public String toString() {
    return (node ? "node " : "client ") + name;
  }
}
