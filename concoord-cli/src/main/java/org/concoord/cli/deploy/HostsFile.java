package org.concoord.cli.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The hosts of a deployment over SSH, one per line: {@code [user@]host[:sshport] [address]
 * [java=PATH]}. {@code host} is what SSH connects to; {@code address} is what the host's nodes bind
 * and advertise to the others and to clients (default: {@code host}); {@code java=} names the
 * host's Java when it is not {@code java} on the PATH. {@code #} starts a comment; blank lines are
 * skipped; an IPv6 host is written in brackets ({@code [::1]:2222}).
 */
public final class HostsFile {
  /**
   * One host. {@code user} null and {@code sshPort} 0 mean the deployment's defaults; {@code java}
   * null means the deployment's.
   */
  public record Host(String user, String sshHost, int sshPort, String address, String java) {
    /** How messages name the host: as the hosts file does, without the user. */
    public String label() {
      String host = sshHost.contains(":") ? "[" + sshHost + "]" : sshHost;
      return sshPort == 0 ? host : host + ":" + sshPort;
    }

    /** The line that reads back as this host. */
    String toLine() {
      return (user == null ? "" : user + "@")
          + label()
          + (address.equals(sshHost) ? "" : " " + address)
          + (java == null ? "" : " java=" + java);
    }
  }

  private HostsFile() {}

  public static List<Host> read(Path file) throws IOException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (NoSuchFileException e) {
      throw new IOException("hosts file " + file + " does not exist");
    }
    List<Host> hosts = parse(lines, "hosts file " + file);
    if (hosts.isEmpty()) {
      throw new IOException("hosts file " + file + " names no host");
    }
    return hosts;
  }

  /** Parses {@code lines}; errors start with {@code source} and the line number. */
  static List<Host> parse(List<String> lines, String source) {
    List<Host> hosts = new ArrayList<>();
    Set<String> addresses = new HashSet<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).replaceFirst("#.*", "").strip();
      if (line.isEmpty()) {
        continue;
      }
      String where = source + " line " + (i + 1) + ": ";
      Host host;
      try {
        host = parseLine(line);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + e.getMessage() + " in '" + line + "'");
      }
      if (!addresses.add(host.address())) {
        throw new IllegalArgumentException(
            where + "address " + host.address() + " appears twice: each host must have its own");
      }
      hosts.add(host);
    }
    return hosts;
  }

  /** One line's host; {@link #parse} prefixes the error with where it is. */
  static Host parseLine(String line) {
    String[] words = line.strip().split("\\s+");
    String target = words[0];
    String user = null;
    int at = target.lastIndexOf('@');
    if (at >= 0) {
      user = target.substring(0, at);
      target = target.substring(at + 1);
      if (user.isEmpty()) {
        throw new IllegalArgumentException("empty user before '@'");
      }
    }
    String sshHost;
    int port = 0;
    if (target.startsWith("[")) {
      int close = target.indexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException("'[' without ']'");
      }
      sshHost = target.substring(1, close);
      String rest = target.substring(close + 1);
      if (!rest.isEmpty()) {
        if (!rest.startsWith(":")) {
          throw new IllegalArgumentException("expected ':PORT' after ']'");
        }
        port = parsePort(rest.substring(1));
      }
    } else if (target.indexOf(':') >= 0 && target.indexOf(':') == target.lastIndexOf(':')) {
      sshHost = target.substring(0, target.indexOf(':'));
      port = parsePort(target.substring(target.indexOf(':') + 1));
    } else {
      sshHost = target; // a name, an IPv4 address or a bare IPv6 address
    }
    if (sshHost.isEmpty()) {
      throw new IllegalArgumentException("no host");
    }
    String address = sshHost;
    String java = null;
    for (int w = 1; w < words.length; w++) {
      if (words[w].startsWith("java=")) {
        java = words[w].substring("java=".length());
        if (java.isEmpty()) {
          throw new IllegalArgumentException("empty java=");
        }
      } else if (w == 1) {
        address =
            words[w].startsWith("[") && words[w].endsWith("]")
                ? words[w].substring(1, words[w].length() - 1)
                : words[w];
      } else {
        throw new IllegalArgumentException(
            "unexpected '" + words[w] + "' (expected [user@]host[:sshport] [address] [java=PATH])");
      }
    }
    return new Host(user, sshHost, port, address, java);
  }

  private static int parsePort(String text) {
    try {
      int port = Integer.parseInt(text);
      if (port < 1 || port > 65535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("SSH port '" + text + "' is not in 1-65535");
    }
  }
}
