package org.concoord.client.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * One party's TLS credentials from PEM files: the instance CA certificates it trusts (one file, one
 * or more certificates: two during a CA rollover), its own certificate (chain) and its PKCS#8
 * private key. Builds the JDK {@link SSLContext} (TLS 1.3 only, mutual authentication) that the
 * node transport, the client and any other listener of a node (an admin HTTP endpoint) use.
 *
 * <p>The files are watched: {@link #context()} looks at their modification times at most once a
 * second and rebuilds the context when one changed, so a replaced certificate or CA bundle is used
 * by every new connection without a restart. A half-written replacement that does not load keeps
 * the previous context (and is retried at the next look).
 *
 * <p>A client may instead hold a bearer token ({@link #withToken}): it trusts the CA file alone,
 * presents no certificate, and sends the token in its Hello ({@link BearerToken}).
 *
 * <p>Thread-safe.
 */
public final class TlsCredentials {
  public static final String PROTOCOL = "TLSv1.3";
  public static final String CA_FILE = "ca.pem";
  private static final long RECHECK_NANOS = 1_000_000_000L;

  private final Path caFile;
  private final Path certificateFile;
  private final Path keyFile;

  /** A client's bearer token (then no certificate nor key), or null. */
  private final String token;

  private Loaded loaded;
  private long checkedAtNanos;

  private record Loaded(SSLContext context, X509Certificate certificate, List<Long> stamps) {}

  public TlsCredentials(Path caFile, Path certificateFile, Path keyFile) {
    this(caFile, certificateFile, keyFile, null);
  }

  private TlsCredentials(Path caFile, Path certificateFile, Path keyFile, String token) {
    this.caFile = caFile;
    this.certificateFile = certificateFile;
    this.keyFile = keyFile;
    this.token = token;
  }

  /**
   * A client authenticated by a bearer token instead of a certificate: TLS trusting the CAs of
   * {@code caFile}, no client certificate, the token sent in the client's Hello.
   *
   * @throws IllegalArgumentException if {@code token} is not one ({@link BearerToken})
   */
  public static TlsCredentials withToken(Path caFile, String token) {
    BearerToken.hashHex(token);
    return new TlsCredentials(caFile, null, null, token);
  }

  /** The bearer token of a token client, or null (a certificate's). */
  public String token() {
    return token;
  }

  /** {@code DIR/ca.pem}, {@code DIR/NAME.pem}, {@code DIR/NAME.key}: the layout certs writes. */
  public static TlsCredentials inDirectory(Path dir, String name) {
    return new TlsCredentials(
        dir.resolve(CA_FILE), dir.resolve(name + ".pem"), dir.resolve(name + ".key"));
  }

  /** True if {@code DIR/ca.pem}, {@code DIR/NAME.pem} and {@code DIR/NAME.key} all exist. */
  public static boolean presentIn(Path dir, String name) {
    return Files.isRegularFile(dir.resolve(CA_FILE))
        && Files.isRegularFile(dir.resolve(name + ".pem"))
        && Files.isRegularFile(dir.resolve(name + ".key"));
  }

  /** Where a client finds its credentials when it is given none: see {@link #discover()}. */
  public static final String DIR_VARIABLE = "CONCOORD_TLS_DIR";

  public static final String NAME_VARIABLE = "CONCOORD_TLS_NAME";
  public static final Path DEFAULT_DIR = Path.of(".concoord", "tls");
  public static final String ADMIN_NAME = "admin";

  /** {@code CONCOORD_INSECURE=1}: a client that finds no credentials by itself speaks plaintext. */
  public static final String INSECURE_VARIABLE = "CONCOORD_INSECURE";

  /** {@code CONCOORD_TOKEN_FILE}: a client that is given no credentials uses this token. */
  public static final String TOKEN_FILE_VARIABLE = "CONCOORD_TOKEN_FILE";

  /**
   * A client's credentials when none are given: the directory in {@code $CONCOORD_TLS_DIR} (system
   * property {@code concoord.tls.dir}) with the principal {@code $CONCOORD_TLS_NAME} (default
   * {@code admin}), else {@code .concoord/tls} of the working directory, where {@code concoord
   * initialize} leaves the admin credential. Null if there are none, or if {@code
   * $CONCOORD_INSECURE} is 1 (system property {@code concoord.insecure}): plaintext. With {@code
   * $CONCOORD_TOKEN_FILE} (system property {@code concoord.token.file}), the token in that file,
   * trusting {@code ca.pem} of the same directory.
   */
  public static TlsCredentials discover() {
    if ("1".equals(System.getenv(INSECURE_VARIABLE)) || Boolean.getBoolean("concoord.insecure")) {
      return null;
    }
    String dir = System.getProperty("concoord.tls.dir", System.getenv(DIR_VARIABLE));
    String tokenFile =
        System.getProperty("concoord.token.file", System.getenv(TOKEN_FILE_VARIABLE));
    if (tokenFile != null && !tokenFile.isBlank()) {
      Path where = dir != null && !dir.isBlank() ? Path.of(dir) : DEFAULT_DIR;
      try {
        return withToken(where.resolve(CA_FILE), BearerToken.read(Path.of(tokenFile)));
      } catch (IOException e) {
        throw new IllegalStateException("$" + TOKEN_FILE_VARIABLE + ": " + e.getMessage(), e);
      }
    }
    String name = System.getProperty("concoord.tls.name", System.getenv(NAME_VARIABLE));
    name = name == null || name.isBlank() ? ADMIN_NAME : name;
    if (dir != null && !dir.isBlank()) {
      return inDirectory(Path.of(dir), name); // named explicitly: missing files are an error later
    }
    return presentIn(DEFAULT_DIR, name) ? inDirectory(DEFAULT_DIR, name) : null;
  }

  public Path caFile() {
    return caFile;
  }

  public Path certificateFile() {
    return certificateFile;
  }

  public Path keyFile() {
    return keyFile;
  }

  /** The current context; loads the files on first use and again when they change. */
  public synchronized SSLContext context() throws IOException {
    long now = System.nanoTime();
    if (loaded == null || now - checkedAtNanos >= RECHECK_NANOS) {
      checkedAtNanos = now;
      List<Long> stamps = stamps();
      if (loaded == null || !stamps.equals(loaded.stamps())) {
        try {
          loaded = load(stamps);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
          if (loaded == null) {
            throw new IOException(
                "cannot load TLS credentials "
                    + certificateFile
                    + ", "
                    + keyFile
                    + ", "
                    + caFile
                    + ": "
                    + e.getMessage(),
                e);
          }
          // Keep serving with what loaded before; a replacement being written is retried.
        }
      }
    }
    return loaded.context();
  }

  /** This party's own certificate, as last loaded (null for a token client). */
  public synchronized X509Certificate certificate() throws IOException {
    context();
    return loaded.certificate();
  }

  /** An engine for one connection: TLS 1.3 only; as a server, a client certificate is required. */
  public SSLEngine engine(boolean clientMode) throws IOException {
    SSLEngine engine = context().createSSLEngine();
    engine.setUseClientMode(clientMode);
    SSLParameters parameters = engine.getSSLParameters();
    configure(parameters, clientMode);
    engine.setSSLParameters(parameters);
    return engine;
  }

  /**
   * A node's engine for an inbound connection that may authenticate by a bearer token instead of a
   * certificate: a client certificate is asked for but not required, and the transport refuses
   * everything from a connection without one but a token's Hello and then client requests.
   */
  public SSLEngine engineAcceptingTokens() throws IOException {
    SSLEngine engine = engine(false);
    engine.setWantClientAuth(true);
    return engine;
  }

  /** TLS 1.3 only, and (on the server side) a client certificate required. */
  public static void configure(SSLParameters parameters, boolean clientMode) {
    parameters.setProtocols(new String[] {PROTOCOL});
    if (!clientMode) {
      parameters.setNeedClientAuth(true);
    }
  }

  private List<Long> stamps() throws IOException {
    List<Long> stamps = new ArrayList<>();
    for (Path file : token != null ? List.of(caFile) : List.of(caFile, certificateFile, keyFile)) {
      stamps.add(Files.getLastModifiedTime(file).toMillis());
      stamps.add(Files.size(file));
    }
    return stamps;
  }

  private Loaded load(List<Long> stamps) throws IOException, GeneralSecurityException {
    List<X509Certificate> authorities = certificates(caFile);
    if (token != null) {
      if (authorities.isEmpty()) {
        throw new IOException("no certificate in " + caFile);
      }
      return new Loaded(context(null, authorities), null, stamps);
    }
    List<X509Certificate> chain = certificates(certificateFile);
    if (authorities.isEmpty() || chain.isEmpty()) {
      throw new IOException(
          "no certificate in " + (authorities.isEmpty() ? caFile : certificateFile));
    }
    PrivateKey key = privateKey(keyFile);
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    char[] none = new char[0];
    keys.setKeyEntry("self", key, none, chain.toArray(new Certificate[0]));
    KeyManagerFactory keyManagers =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keyManagers.init(keys, none);
    return new Loaded(context(keyManagers, authorities), chain.get(0), stamps);
  }

  /** A TLS 1.3 context presenting {@code keyManagers}' key (null: none) trusting these CAs. */
  private static SSLContext context(
      KeyManagerFactory keyManagers, List<X509Certificate> authorities)
      throws IOException, GeneralSecurityException {
    KeyStore trusted = KeyStore.getInstance("PKCS12");
    trusted.load(null, null);
    for (int i = 0; i < authorities.size(); i++) {
      trusted.setCertificateEntry("ca" + i, authorities.get(i));
    }
    TrustManagerFactory trustManagers =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trustManagers.init(trusted);
    SSLContext context = SSLContext.getInstance(PROTOCOL);
    context.init(
        keyManagers == null ? null : keyManagers.getKeyManagers(),
        trustManagers.getTrustManagers(),
        null);
    return context;
  }

  /** Every certificate in a PEM file. */
  public static List<X509Certificate> certificates(Path file)
      throws IOException, GeneralSecurityException {
    CertificateFactory factory = CertificateFactory.getInstance("X.509");
    List<X509Certificate> out = new ArrayList<>();
    try (InputStream in = Files.newInputStream(file)) {
      for (Certificate certificate : factory.generateCertificates(in)) {
        out.add((X509Certificate) certificate);
      }
    }
    return out;
  }

  /** A PKCS#8 private key ({@code -----BEGIN PRIVATE KEY-----}), EC, RSA or Ed25519. */
  public static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
    String pem = Files.readString(file, StandardCharsets.US_ASCII);
    int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
    int end = pem.indexOf("-----END PRIVATE KEY-----");
    if (begin < 0 || end < begin) {
      throw new IOException(file + " holds no PKCS#8 private key (BEGIN PRIVATE KEY)");
    }
    String body = pem.substring(begin + "-----BEGIN PRIVATE KEY-----".length(), end);
    byte[] der = Base64.getMimeDecoder().decode(body);
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    GeneralSecurityException last = null;
    for (String algorithm : List.of("EC", "RSA", "Ed25519")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (GeneralSecurityException e) {
        last = e;
      }
    }
    throw new IOException(file + ": not an EC, RSA or Ed25519 key: " + last.getMessage(), last);
  }
}
