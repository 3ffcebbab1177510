package org.concoord.nameserver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TextParseException;

/**
 * TSIG keys for dynamic updates, read from BIND's key syntax (what {@code tsig-keygen} prints):
 * {@code key "NAME" { algorithm hmac-sha256; secret "BASE64"; };}.
 */
public final class TsigKeys {
  private static final Pattern KEY =
      Pattern.compile(
          "key\\s+\"?([^\"\\s{]+)\"?\\s*\\{\\s*algorithm\\s+([\\w-]+)\\s*;\\s*secret\\s+\"([^\"]+)\"",
          Pattern.DOTALL);

  private TsigKeys() {}

  /**
   * The first key in {@code file}.
   *
   * @throws IOException if the file cannot be read or holds no key in that syntax
   */
  public static TSIG read(Path file) throws IOException {
    return parse(Files.readString(file), file.toString());
  }

  static TSIG parse(String text, String source) throws IOException {
    Matcher m = KEY.matcher(text);
    if (!m.find()) {
      throw new IOException(source + ": no 'key \"NAME\" { algorithm ALG; secret \"BASE64\"; };'");
    }
    Name algorithm = TSIG.algorithmToName(m.group(2));
    try {
      return new TSIG(algorithm, Name.fromString(m.group(1), Name.root), m.group(3));
    } catch (TextParseException | IllegalArgumentException e) {
      throw new IOException(source + ": bad key: " + e.getMessage(), e);
    }
  }
}
