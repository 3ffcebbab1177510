package org.concoord.cli.deploy;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchChangedHostKeyException;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.JSchUnknownHostKeyException;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.SftpException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One SSH connection to a host (JSch): runs commands and copies files over SFTP. Host keys are
 * checked against the known_hosts file ({@link HostKeys}); authentication is by private key only:
 * ssh-agent's or key files, a passphrase-protected one too ({@link SshIdentities}). Every failure
 * to connect is reported as what the operator must fix (the host cannot be reached, its key is
 * unknown or changed, the key was refused), with the host and the step.
 */
final class SshSession implements AutoCloseable {
  /** Bytes of each output stream kept from one command; the rest is dropped. */
  static final int OUTPUT_BYTES_MAX = 64 * 1024;

  /** A command's exit code (-1 if it was killed by a signal) and its output, cut at the bound. */
  record Result(int exitCode, String stdout, String stderr) {
    boolean ok() {
      return exitCode == 0;
    }

    /** The command's own words when it failed: its error output, else its output. */
    String why() {
      String text = stderr.isBlank() ? stdout : stderr;
      return text.strip().isEmpty() ? "exit code " + exitCode : text.strip();
    }
  }

  private final HostsFile.Host host;
  private final Session session;

  private SshSession(HostsFile.Host host, Session session) {
    this.host = host;
    this.session = session;
  }

  /** Connects and authenticates; {@code learned} gets the host keys accepted on first contact. */
  static SshSession open(HostsFile.Host host, SshSettings settings, List<String> learned)
      throws DeployException {
    JSch jsch = new JSch();
    String label = host.label();
    String user = settings.userFor(host);
    int port = settings.portFor(host);
    String keys =
        SshIdentities.load(
            jsch,
            settings,
            label,
            System.getenv("SSH_AUTH_SOCK"),
            System.getenv(SshIdentities.PASSPHRASE_VARIABLE));
    HostKeys hostKeys;
    Session session;
    try {
      hostKeys = new HostKeys(jsch, settings.knownHosts(), settings.acceptNewHostKeys());
      session = jsch.getSession(user, host.sshHost(), port);
    } catch (JSchException e) {
      throw new DeployException(
          label,
          "connect",
          "cannot read the known hosts file " + settings.knownHosts() + " (" + e.getMessage() + ")",
          e);
    }
    session.setHostKeyRepository(hostKeys);
    session.setConfig("StrictHostKeyChecking", "yes"); // HostKeys accepts new keys if allowed
    session.setConfig("PreferredAuthentications", "publickey");
    try {
      session.connect(SshSettings.CONNECT_TIMEOUT_MILLIS);
      session.setServerAliveInterval(5_000); // a host that vanishes fails the next command
      session.setServerAliveCountMax(3);
    } catch (JSchException e) {
      session.disconnect();
      throw new DeployException(
          label, "connect", whyNotConnected(e, user, host, port, keys, hostKeys), e);
    }
    learned.addAll(hostKeys.learned());
    return new SshSession(host, session);
  }

  private static String whyNotConnected(
      JSchException e, String user, HostsFile.Host host, int port, String keys, HostKeys hostKeys) {
    String target = user + "@" + host.sshHost() + " port " + port;
    if (e instanceof JSchUnknownHostKeyException || hostKeys.lastCheck() == HostKeys.NOT_INCLUDED) {
      return "the host key of "
          + host.sshHost()
          + " port "
          + port
          + " is not in "
          + hostKeys.file()
          + " (host-key checking is on): add it (ssh-keyscan -p "
          + port
          + " "
          + host.sshHost()
          + " >> "
          + hostKeys.file()
          + ", after checking its fingerprint) or"
          + " accept it on first contact with --accept-new-host-keys";
    }
    if (e instanceof JSchChangedHostKeyException || hostKeys.lastCheck() == HostKeys.CHANGED) {
      return "the host key of "
          + host.sshHost()
          + " port "
          + port
          + " differs from the one in "
          + hostKeys.file()
          + ": refusing to connect (the host was reinstalled, or someone is in"
          + " the middle); if the change is expected, remove the old key with ssh-keygen -R";
    }
    if (String.valueOf(e.getMessage()).startsWith("Auth ")) { // "Auth fail", "Auth cancel"...
      return "authentication failed for "
          + target
          + " with "
          + keys
          + " (is its public key in the host's authorized_keys? give --ssh-key or --ssh-user)";
    }
    Throwable cause = e.getCause();
    if (cause instanceof ConnectException || cause instanceof NoRouteToHostException) {
      return "cannot reach "
          + target
          + " ("
          + cause.getMessage()
          + "): is the host up and sshd"
          + " listening on that port?";
    }
    if (cause instanceof UnknownHostException) {
      return "unknown host name " + host.sshHost();
    }
    if (cause instanceof SocketTimeoutException
        || String.valueOf(e.getMessage()).contains("timeout")) {
      return "no answer from "
          + target
          + " within "
          + SshSettings.CONNECT_TIMEOUT_MILLIS / 1000
          + " s ("
          + e.getMessage()
          + ")";
    }
    return "cannot connect to " + target + ": " + e.getMessage();
  }

  /** Runs {@code command} through the host's shell, waiting at most {@code timeout}. */
  Result exec(String command, Duration timeout) throws IOException {
    ChannelExec channel;
    try {
      channel = (ChannelExec) session.openChannel("exec");
    } catch (JSchException e) {
      throw new IOException(
          "lost the SSH connection to " + host.label() + ": " + e.getMessage(), e);
    }
    BoundedOutput stdout = new BoundedOutput();
    BoundedOutput stderr = new BoundedOutput();
    try {
      channel.setCommand(command);
      channel.setInputStream(null);
      channel.setOutputStream(stdout, true);
      channel.setErrStream(stderr, true);
      channel.connect(SshSettings.CONNECT_TIMEOUT_MILLIS);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!channel.isClosed()) {
        if (System.nanoTime() > deadline) {
          throw new IOException(
              "'"
                  + command
                  + "' did not finish within "
                  + timeout.toSeconds()
                  + " s on "
                  + host.label());
        }
        Thread.sleep(10); // JSch reports the end of a command by polling only
      }
      return new Result(channel.getExitStatus(), stdout.text(), stderr.text());
    } catch (JSchException e) {
      throw new IOException("cannot run a command on " + host.label() + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } finally {
      channel.disconnect();
    }
  }

  /** Copies {@code local} to {@code remote} (a path on the host) over SFTP, replacing it. */
  void upload(Path local, String remote) throws IOException {
    ChannelSftp sftp = null;
    try {
      sftp = (ChannelSftp) session.openChannel("sftp");
      try {
        sftp.connect(SshSettings.CONNECT_TIMEOUT_MILLIS);
      } catch (JSchException e) {
        throw new IOException(
            "the host's sshd offers no SFTP ("
                + e.getMessage()
                + "): enable"
                + " it with 'Subsystem sftp' in its sshd_config",
            e);
      }
      sftp.put(local.toString(), remote, ChannelSftp.OVERWRITE);
    } catch (JSchException | SftpException e) {
      throw new IOException(
          "cannot copy "
              + local
              + " to "
              + host.label()
              + ":"
              + remote
              + " ("
              + e.getMessage()
              + ")",
          e);
    } finally {
      if (sftp != null) {
        sftp.disconnect();
      }
    }
  }

  HostsFile.Host host() {
    return host;
  }

  @Override
  public void close() {
    session.disconnect();
  }

  /** Keeps the first {@link #OUTPUT_BYTES_MAX} bytes written to it. */
  private static final class BoundedOutput extends OutputStream {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    @Override
    public synchronized void write(int b) {
      if (bytes.size() < OUTPUT_BYTES_MAX) {
        bytes.write(b);
      }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      int room = OUTPUT_BYTES_MAX - bytes.size();
      bytes.write(b, off, Math.max(0, Math.min(room, len)));
    }

    synchronized String text() {
      return bytes.toString(StandardCharsets.UTF_8);
    }
  }
}
