package org.concoord.cli.command;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.concoord.cli.deploy.Deployment;
import org.concoord.cli.deploy.InstanceProbe;
import org.concoord.client.tls.TlsCredentials;
import org.concoord.runtime.storage.BackupFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code concoord snapshot save FILE} and {@code concoord snapshot restore FILE}: backups of a
 * running instance, as etcd's and Consul's {@code snapshot save/restore}. A save asks a replica's
 * admin listener for {@code /backup} (admin credentials), which is that replica's state after its
 * last executed slot, verifies what arrived and only then puts it in place. A restore verifies the
 * file, then starts a new instance the way {@code initialize} does, whose first replica starts from
 * the backup's state.
 */
@Command(
    name = "snapshot",
    mixinStandardHelpOptions = true,
    description =
        "Backups: save a consistent snapshot of a running instance to a file, or start a"
            + " new instance from one.",
    subcommands = {SnapshotCommand.Save.class, SnapshotCommand.Restore.class})
public final class SnapshotCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    new CommandLine(this).usage(System.out);
    return 2;
  }

  @Command(
      name = "save",
      mixinStandardHelpOptions = true,
      description =
          "Writes a snapshot of the running instance (slot, view, SHA-256; every object,"
              + " named objects and the access policy included) to FILE.")
  static final class Save implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "The backup file to write.")
    Path file;

    @Option(
        names = "--dir",
        defaultValue = ".concoord",
        description =
            "Deployment directory (default ${DEFAULT-VALUE}): its replicas' admin"
                + " listeners and admin credentials (tls/admin.*).")
    Path dir;

    @Option(
        names = "--admin-url",
        paramLabel = "URL",
        description = "Ask this replica's admin listener instead (e.g. https://127.0.0.1:9101/).")
    String adminUrl;

    @Override
    public Integer call() throws Exception {
      List<String> urls = new ArrayList<>();
      TlsCredentials admin = InstanceProbe.adminCredentials(dir);
      if (adminUrl != null) {
        urls.add(adminUrl.endsWith("/") ? adminUrl : adminUrl + "/");
      } else {
        Deployment deployment = Deployment.read(dir);
        for (Deployment.NodeEntry node : deployment.nodes()) {
          if (node.role().equals("replica") && node.adminUrl() != null) {
            urls.add(node.adminUrl());
          }
        }
        if (urls.isEmpty()) {
          System.err.println(
              "concoord snapshot save: no replica of the deployment in "
                  + dir
                  + " has an admin listener; give one with --admin-url");
          return 2;
        }
      }
      HttpClient http = http(admin);
      Path target = file.toAbsolutePath();
      Path temp = target.resolveSibling(target.getFileName() + ".part");
      List<String> failures = new ArrayList<>();
      for (String url : urls) {
        try {
          BackupFile.Backup backup = fetch(http, url, temp);
          Files.move(
              temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
          System.out.println(
              "saved "
                  + target
                  + ": slot "
                  + backup.slot()
                  + ", view "
                  + backup.viewEpoch()
                  + ", "
                  + Files.size(target)
                  + " bytes, sha256 "
                  + backup.sha256()
                  + " (from "
                  + url
                  + ")");
          return 0;
        } catch (IOException e) {
          failures.add(url + ": " + e.getMessage());
        } finally {
          Files.deleteIfExists(temp);
        }
      }
      System.err.println(
          "concoord snapshot save: no replica gave a backup; nothing was written"
              + " to "
              + target
              + ":\n  "
              + String.join("\n  ", failures));
      return 1;
    }

    /** An HTTP client with the admin credential (null: plaintext). */
    static HttpClient http(TlsCredentials admin) throws Exception {
      HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
      if (admin != null) {
        builder.sslContext(admin.context());
      }
      return builder.build();
    }

    /** Downloads a backup from {@code url} into {@code temp} and verifies it there. */
    static BackupFile.Backup fetch(HttpClient http, String url, Path temp)
        throws IOException, InterruptedException {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(url + "backup"))
              .timeout(Duration.ofSeconds(120))
              .build();
      HttpResponse<Path> answer = http.send(request, HttpResponse.BodyHandlers.ofFile(temp));
      if (answer.statusCode() != 200) {
        throw new IOException("HTTP " + answer.statusCode() + ": " + Files.readString(temp).trim());
      }
      return BackupFile.read(temp); // what came over the network is checked like any file
    }
  }

  @Command(
      name = "restore",
      mixinStandardHelpOptions = true,
      description =
          "Starts a new instance from the backup FILE, as 'initialize' does (the same"
              + " options: -f FILE -c CLASS [-r N] [-a N] [--dir D] ...); its state is the backup's.")
  static final class Restore implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "The backup file.")
    Path file;

    @CommandLine.Unmatched List<String> initializeArgs = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
      BackupFile.Backup backup;
      try {
        backup = BackupFile.read(file);
      } catch (IOException e) {
        System.err.println(
            "concoord snapshot restore: refused, nothing was started: " + e.getMessage());
        return 2;
      }
      System.out.println(
          "backup "
              + file
              + ": slot "
              + backup.slot()
              + ", view "
              + backup.viewEpoch()
              + ", object "
              + backup.snapshot().object().length
              + " bytes, sha256 "
              + backup.sha256());
      InitializeCommand initialize = new InitializeCommand();
      initialize.restoreFrom = file.toAbsolutePath();
      return new CommandLine(initialize).execute(initializeArgs.toArray(String[]::new));
    }
  }
}
