/**
 * Certificates: the instance CA ({@code CertificateAuthority}, Bouncy Castle) and how a node
 * ({@code TlsOptions}) or a client command ({@code ClientTlsOptions}) finds its credentials.
 * Depends on no other package of the CLI.
 */
package org.concoord.cli.tls;
