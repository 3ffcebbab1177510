package org.concoord.nameserver;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;

/**
 * A Route 53 nameserver's configuration ({@code -o FILE}), Java properties:
 *
 * <pre>
 * hosted-zone-id = Z0123456789ABC          # required: the hosted zone holding the domain
 * access-key-id = AKIA...                  # optional, with secret-access-key: else the SDK's
 * secret-access-key = ...                  #   default provider chain (environment, profile...)
 * region = aws-global                      # optional: Route 53 is global
 * endpoint = http://127.0.0.1:8080         # optional: another endpoint (tests, compatible APIs)
 * </pre>
 *
 * Unknown keys are refused, so a typo does not silently fall back to a default.
 */
public record Route53Config(
    String hostedZoneId, String accessKeyId, String secretAccessKey, String region, URI endpoint) {
  static final Set<String> KEYS =
      Set.of("hosted-zone-id", "access-key-id", "secret-access-key", "region", "endpoint");

  /**
   * Reads {@code file}.
   *
   * @throws IOException if it cannot be read, or names no zone, an unknown key, half a key pair or
   *     a bad endpoint (the message says which)
   */
  public static Route53Config read(Path file) throws IOException {
    Properties properties = new Properties();
    try (Reader in = Files.newBufferedReader(file)) {
      properties.load(in);
    }
    for (String key : properties.stringPropertyNames()) {
      if (!KEYS.contains(key)) {
        throw new IOException(file + ": unknown key '" + key + "' (known: " + KEYS + ")");
      }
    }
    String zone = properties.getProperty("hosted-zone-id", "").strip();
    if (zone.isEmpty()) {
      throw new IOException(file + ": hosted-zone-id is required");
    }
    String id = blankToNull(properties.getProperty("access-key-id"));
    String secret = blankToNull(properties.getProperty("secret-access-key"));
    if ((id == null) != (secret == null)) {
      throw new IOException(
          file
              + ": give both access-key-id and secret-access-key, or neither"
              + " (then the SDK's default credentials are used)");
    }
    String endpoint = blankToNull(properties.getProperty("endpoint"));
    URI uri = null;
    if (endpoint != null) {
      try {
        uri = URI.create(endpoint);
      } catch (IllegalArgumentException e) {
        throw new IOException(file + ": bad endpoint '" + endpoint + "'");
      }
      if (uri.getScheme() == null || uri.getHost() == null) {
        throw new IOException(file + ": endpoint '" + endpoint + "' needs a scheme and a host");
      }
    }
    String region = blankToNull(properties.getProperty("region"));
    return new Route53Config(zone, id, secret, region == null ? "aws-global" : region, uri);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }

  @Override
  public String toString() {
    // Never print the secret.
    return "Route53Config[zone="
        + hostedZoneId
        + " key="
        + (accessKeyId == null ? "default chain" : accessKeyId)
        + " region="
        + region
        + (endpoint == null ? "" : " endpoint=" + endpoint)
        + "]";
  }
}
