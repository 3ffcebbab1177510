package org.concoord.cli.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.concoord.client.tls.Identity;
import org.concoord.client.tls.TlsCredentials;

/**
 * An instance's certificate authority in a directory, with Bouncy Castle's X.509 builder and PEM
 * writer (keys and signatures by the JDK: EC P-256, SHA-256 with ECDSA). The directory holds {@code
 * ca.crt} and {@code ca.key} (the issuing CA), {@code ca.pem} (the CAs trusted: the issuing one,
 * plus the other during a rollover) and one {@code NAME.pem}/{@code NAME.key} pair per node or
 * client. Keys are created 0600 before a byte is written to them.
 */
public final class CertificateAuthority {
  public static final String CA_CERT = "ca.crt";
  public static final String CA_KEY = "ca.key";
  public static final Duration CA_VALIDITY = Duration.ofDays(3650);
  public static final Duration LEAF_VALIDITY = Duration.ofDays(365);

  private final Path dir;

  public CertificateAuthority(Path dir) {
    this.dir = dir;
  }

  Path dir() {
    return dir;
  }

  public boolean exists() {
    return Files.isRegularFile(dir.resolve(CA_CERT)) && Files.isRegularFile(dir.resolve(CA_KEY));
  }

  /** The file stem of a node's credentials: its address with only safe characters. */
  public static String nodeName(String address) {
    return "node-" + address.replaceAll("[^A-Za-z0-9.-]", "_");
  }

  /**
   * A new CA in the directory ({@code ca.crt}, {@code ca.key}, and {@code ca.pem} if there is none
   * yet). Refuses to replace an existing CA. Safe against a concurrent creator: the CA is built
   * aside and moved in; whoever loses the race uses the winner's.
   */
  public void create(String name, Duration validity) throws IOException, GeneralSecurityException {
    if (exists()) {
      throw new FileAlreadyExistsException(dir.resolve(CA_CERT) + " (a CA is there already)");
    }
    Files.createDirectories(dir.toAbsolutePath().getParent());
    Path aside =
        Files.createTempDirectory(
            dir.toAbsolutePath().getParent(),
            ".ca-",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    KeyPair keys = newKeyPair();
    X500Principal subject = new X500Principal("CN=" + name + ",O=ConCoord");
    Instant now = Instant.now();
    X509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            subject,
            serial(),
            Date.from(now.minus(Duration.ofMinutes(5))),
            Date.from(now.plus(validity)),
            subject,
            keys.getPublic());
    JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
    builder.addExtension(
        Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    builder.addExtension(
        Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()));
    X509Certificate certificate = sign(builder, keys.getPrivate());
    writeKey(aside.resolve(CA_KEY), keys.getPrivate());
    Files.writeString(aside.resolve(CA_CERT), pem(certificate));
    Files.writeString(aside.resolve(TlsCredentials.CA_FILE), pem(certificate));
    try {
      Files.move(aside, dir, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      if (!Files.exists(dir)) {
        throw e;
      }
      // The directory exists: move the files in one by one, never over an existing CA.
      moveInto(aside);
    }
  }

  private void moveInto(Path aside) throws IOException {
    if (exists()) {
      deleteTree(aside);
      return; // a concurrent creator won: use its CA
    }
    Files.move(aside.resolve(CA_KEY), dir.resolve(CA_KEY));
    Files.move(aside.resolve(CA_CERT), dir.resolve(CA_CERT));
    if (!Files.exists(dir.resolve(TlsCredentials.CA_FILE))) {
      Files.move(aside.resolve(TlsCredentials.CA_FILE), dir.resolve(TlsCredentials.CA_FILE));
    }
    deleteTree(aside);
  }

  /** A node's certificate and key: {@code node-ADDRESS.pem/.key}. Returns the file stem. */
  public String issueNode(String address, Duration validity)
      throws IOException, GeneralSecurityException {
    String host = hostOf(address);
    List<GeneralName> names = new ArrayList<>();
    names.add(
        new GeneralName(GeneralName.uniformResourceIdentifier, new Identity(true, address).uri()));
    names.add(
        isIpLiteral(host)
            ? new GeneralName(GeneralName.iPAddress, host)
            : new GeneralName(GeneralName.dNSName, host));
    String stem = nodeName(address);
    issue(
        stem,
        "CN=" + address + ",OU=node,O=ConCoord",
        names,
        new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth},
        validity);
    return stem;
  }

  /** A client's certificate and key for principal {@code name}: {@code NAME.pem/.key}. */
  public String issueClient(String name, Duration validity)
      throws IOException, GeneralSecurityException {
    if (!name.matches("[A-Za-z0-9._-]{1,64}")) {
      throw new IllegalArgumentException("a client name is 1-64 of A-Z a-z 0-9 . _ -: " + name);
    }
    issue(
        name,
        "CN=" + name + ",OU=client,O=ConCoord",
        List.of(
            new GeneralName(
                GeneralName.uniformResourceIdentifier, new Identity(false, name).uri())),
        new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth},
        validity);
    return name;
  }

  private void issue(
      String stem,
      String subject,
      List<GeneralName> names,
      KeyPurposeId[] usages,
      Duration validity)
      throws IOException, GeneralSecurityException {
    X509Certificate ca = TlsCredentials.certificates(dir.resolve(CA_CERT)).get(0);
    PrivateKey caKey = TlsCredentials.privateKey(dir.resolve(CA_KEY));
    KeyPair keys = newKeyPair();
    Instant now = Instant.now();
    Instant end = now.plus(validity);
    if (end.isAfter(ca.getNotAfter().toInstant())) {
      end = ca.getNotAfter().toInstant(); // never outlive the issuer
    }
    X509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            ca,
            serial(),
            Date.from(now.minus(Duration.ofMinutes(5))),
            Date.from(end),
            new X500Principal(subject),
            keys.getPublic());
    JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
    builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(usages));
    builder.addExtension(
        Extension.subjectAlternativeName,
        true,
        new GeneralNames(names.toArray(new GeneralName[0])));
    builder.addExtension(
        Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(ca));
    X509Certificate certificate = sign(builder, caKey);
    // Key first, then certificate, each replaced atomically: a watcher never sees a new
    // certificate with the old key for longer than one reload check.
    Path keyTemp = dir.resolve("." + stem + ".key.tmp");
    Files.deleteIfExists(keyTemp);
    writeKey(keyTemp, keys.getPrivate());
    Path certTemp = dir.resolve("." + stem + ".pem.tmp");
    Files.writeString(certTemp, pem(certificate));
    Files.move(
        keyTemp,
        dir.resolve(stem + ".key"),
        StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
    Files.move(
        certTemp,
        dir.resolve(stem + ".pem"),
        StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }

  private static KeyPair newKeyPair() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
    return generator.generateKeyPair();
  }

  private static BigInteger serial() {
    return new BigInteger(127, new SecureRandom()).add(BigInteger.ONE);
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
      throws GeneralSecurityException {
    try {
      ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(key);
      return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException("cannot sign: " + e.getMessage(), e);
    }
  }

  static String pem(Object object) throws IOException {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(object);
    }
    return out.toString();
  }

  /** Writes a PKCS#8 key to a new file created 0600 (never readable by others, not even once). */
  static void writeKey(Path file, PrivateKey key) throws IOException {
    Files.createFile(
        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, pem(new JcaPKCS8Generator(key, null)), StandardCharsets.US_ASCII);
  }

  static String hostOf(String address) {
    int colon = address.lastIndexOf(':');
    String host = colon < 0 ? address : address.substring(0, colon);
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  private static boolean isIpLiteral(String host) {
    return host.matches("[0-9.]+") || host.contains(":");
  }

  static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (IOException e) {
      return false;
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (var paths = Files.walk(root)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
