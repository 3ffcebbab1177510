package org.concoord.cli.deploy;

import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.UserInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Host-key checking against a known_hosts file (OpenSSH's format, hashed names included). A key
 * that differs from the recorded one is always refused. A host with no recorded key is refused too,
 * unless {@code acceptNew} (OpenSSH's {@code StrictHostKeyChecking accept-new}): then its key is
 * trusted on this first contact and appended to the file, and {@link #learned()} says so. A host
 * that is known with a key of another type is not a new host: that key is refused as changed (a man
 * in the middle would otherwise only need another key type).
 */
final class HostKeys implements HostKeyRepository {
  private final HostKeyRepository known;
  private final Path file;
  private final boolean acceptNew;
  private final JSch jsch;
  private final List<String> learned = new ArrayList<>();
  private int lastCheck = OK;

  HostKeys(JSch jsch, Path file, boolean acceptNew) throws JSchException {
    this.jsch = jsch;
    this.file = file;
    this.acceptNew = acceptNew;
    if (Files.isRegularFile(file)) {
      jsch.setKnownHosts(file.toString());
    }
    this.known = jsch.getHostKeyRepository();
  }

  @Override
  public int check(String host, byte[] key) {
    int status = known.check(host, key);
    if (status == NOT_INCLUDED && isKnown(host)) {
      status = CHANGED;
    }
    if (status == NOT_INCLUDED && acceptNew) {
      try {
        HostKey hostKey = new HostKey(host, key);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(
            file,
            host + " " + hostKey.getType() + " " + hostKey.getKey() + "\n",
            StandardCharsets.US_ASCII,
            StandardOpenOption.CREATE,
            StandardOpenOption.APPEND);
        known.add(hostKey, null);
        learned.add(host + " " + hostKey.getType() + " " + hostKey.getFingerPrint(jsch));
        status = OK;
      } catch (JSchException e) {
        status = NOT_INCLUDED; // a key JSch cannot read is not accepted
      } catch (IOException e) {
        throw new UncheckedIOException("cannot record the host key of " + host + " in " + file, e);
      }
    }
    lastCheck = status;
    return status;
  }

  /** Whether any key of any type is recorded for {@code host}. */
  private boolean isKnown(String host) {
    HostKey[] recorded = known.getHostKey(host, null);
    return recorded != null && recorded.length > 0;
  }

  /** The result of the last check: {@link #OK}, {@link #NOT_INCLUDED} or {@link #CHANGED}. */
  int lastCheck() {
    return lastCheck;
  }

  /** The keys accepted on first contact and written to the file, one line each. */
  List<String> learned() {
    return List.copyOf(learned);
  }

  Path file() {
    return file;
  }

  @Override
  public void add(HostKey hostKey, UserInfo userInfo) {
    known.add(hostKey, userInfo);
  }

  @Override
  public void remove(String host, String type) {
    known.remove(host, type);
  }

  @Override
  public void remove(String host, String type, byte[] key) {
    known.remove(host, type, key);
  }

  @Override
  public String getKnownHostsRepositoryID() {
    return file.toString();
  }

  @Override
  public HostKey[] getHostKey() {
    return known.getHostKey();
  }

  @Override
  public HostKey[] getHostKey(String host, String type) {
    return known.getHostKey(host, type);
  }
}
