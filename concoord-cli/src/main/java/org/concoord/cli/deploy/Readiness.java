package org.concoord.cli.deploy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import org.concoord.client.tls.TlsCredentials;
import org.concoord.core.NodeId;
import org.concoord.core.message.StatusReply;
import org.concoord.core.view.Role;
import org.concoord.runtime.Addresses;
import org.concoord.runtime.admin.AdminConfig;

/** A bounded wait for a node that was just started to listen (serving: {@link InstanceProbe}). */
public final class Readiness {
  /** What a wait checks between polls: throws if a started process has died. */
  public interface AliveCheck {
    void check() throws IOException;
  }

  private Readiness() {}

  public static void awaitListening(
      String address, long deadlineMillis, Path logs, AliveCheck alive) throws Exception {
    long deadline = System.currentTimeMillis() + deadlineMillis;
    InetSocketAddress socketAddress = Addresses.parse(address);
    while (true) {
      alive.check();
      try (Socket probe = new Socket()) {
        probe.connect(socketAddress, 1000);
        return;
      } catch (IOException notYet) {
        if (System.currentTimeMillis() > deadline) {
          throw new IOException(
              address
                  + " did not listen within "
                  + deadlineMillis / 1000
                  + " s; see its log in "
                  + logs.toAbsolutePath());
        }
        Thread.sleep(100); // bounded polling: the deadline above
      }
    }
  }

  /**
   * Waits until the replica {@code node} says over the node protocol what {@code /readyz} checks:
   * it is in its view, knows a leader, and has executed to within {@link
   * AdminConfig#READY_LAG_SLOTS_DEFAULT} slots of what that leader has executed.
   */
  static void awaitCaughtUp(
      Deployment.NodeEntry node, TlsCredentials admin, long deadlineMillis, AliveCheck alive)
      throws Exception {
    long deadline = System.currentTimeMillis() + deadlineMillis;
    NodeId self = NodeId.of(node.address());
    String last = "no answer";
    while (true) {
      alive.check();
      StatusReply mine = InstanceProbe.status(self, admin);
      if (mine != null
          && mine.leader() != null
          && mine.view() != null
          && mine.view().members(Role.REPLICA).contains(self)) {
        StatusReply leader = mine.leading() ? mine : InstanceProbe.status(mine.leader(), admin);
        if (leader != null
            && leader.slotExecutedMax() - mine.slotExecutedMax()
                <= AdminConfig.READY_LAG_SLOTS_DEFAULT) {
          return;
        }
        last =
            "executed slot "
                + mine.slotExecutedMax()
                + ", leader "
                + mine.leader()
                + (leader == null ? " does not answer" : " at " + leader.slotExecutedMax());
      } else if (mine != null) {
        last = mine.leader() == null ? "knows no leader" : "not in its view";
      }
      if (System.currentTimeMillis() > deadline) {
        throw new IOException(
            node.role()
                + " "
                + node.address()
                + " did not catch up within "
                + deadlineMillis / 1000
                + " s ("
                + last
                + "); see its log "
                + node.log());
      }
      Thread.sleep(200); // bounded polling: the deadline above
    }
  }

  /**
   * Waits until {@code node} answers 200 on its admin listener's {@code /readyz} (a member of the
   * view that knows its leader and has caught up to within the ready bound), asked with the
   * deployment's admin credentials {@code admin} (null: plaintext); a node without an admin
   * listener (a node on a host over SSH, whose admin port, if any, is that host's loopback) is
   * waited for by its port, the instance serving and, for a replica, its status over the node
   * protocol ({@link #awaitCaughtUp}). Throws past the deadline with the node's last answer.
   */
  public static void awaitReady(
      Deployment.NodeEntry node,
      String bootstrap,
      org.concoord.client.tls.TlsCredentials admin,
      long deadlineMillis,
      AliveCheck alive)
      throws Exception {
    String url = node.adminUrl();
    if (url == null) {
      awaitListening(node.address(), deadlineMillis, node.log().getParent(), alive);
      InstanceProbe.awaitServing(bootstrap, java.time.Duration.ofMillis(deadlineMillis), admin);
      if (node.role().equals("replica")) {
        awaitCaughtUp(node, admin, deadlineMillis, alive);
      }
      return;
    }
    java.net.http.HttpClient.Builder builder =
        java.net.http.HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(2));
    if (admin != null) {
      builder.sslContext(admin.context());
    }
    java.net.http.HttpClient http = builder.build();
    java.net.http.HttpRequest request =
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(url + "readyz"))
            .timeout(java.time.Duration.ofSeconds(2))
            .build();
    long deadline = System.currentTimeMillis() + deadlineMillis;
    String last = "no answer";
    while (true) {
      alive.check();
      try {
        java.net.http.HttpResponse<String> answer =
            http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() == 200) {
          return;
        }
        last = answer.statusCode() + " " + answer.body().trim();
      } catch (IOException notYet) {
        last = notYet.toString();
      }
      if (System.currentTimeMillis() > deadline) {
        throw new IOException(
            node.role()
                + " "
                + node.address()
                + " was not ready within "
                + deadlineMillis / 1000
                + " s ("
                + url
                + "readyz: "
                + last
                + "); see its log "
                + node.log());
      }
      Thread.sleep(200); // bounded polling: the deadline above
    }
  }
}
