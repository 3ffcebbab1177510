package org.concoord.cli.deploy;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import org.concoord.client.ClientOptions;
import org.concoord.client.ConcoordClient;
import org.concoord.client.ConcoordRejectedException;
import org.concoord.core.NodeId;
import org.concoord.core.message.StatusReply;
import org.concoord.core.view.Role;
import org.concoord.core.view.View;
import org.concoord.runtime.Addresses;
import org.concoord.runtime.status.InstanceStatus;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Looks at a running instance from outside, as a deployment waits for it: whether a node listens,
 * whether the object serves a call, which view the replicas hold, whether a nameserver answers for
 * every replica. One look per call; the callers poll with deadlines.
 */
public final class InstanceProbe {
  private InstanceProbe() {}

  /** Whether something accepts TCP connections at {@code address}. */
  static boolean listens(String address) {
    try (Socket probe = new Socket()) {
      probe.connect(Addresses.parse(address), 1000);
      return true;
    } catch (IOException | IllegalArgumentException notYet) {
      return false;
    }
  }

  /**
   * Waits until a call goes through consensus (an unknown method is refused only at execution), at
   * most {@code timeout}.
   */
  public static void awaitServing(
      String bootstrap, Duration timeout, org.concoord.client.tls.TlsCredentials tls)
      throws Exception {
    ClientOptions options = ClientOptions.defaults().withCallTimeout(timeout).withTls(tls);
    try (ConcoordClient client = ConcoordClient.connect(bootstrap, options)) {
      client.invokeRaw("__concoordping__", org.concoord.core.value.ValueCodec.encodeArgs());
    } catch (ConcoordRejectedException expected) {
      return;
    }
  }

  /**
   * The admin client credential {@code initialize} left in the deployment directory's {@code tls/};
   * null (plaintext) if there is none, as for an instance started --insecure.
   */
  public static org.concoord.client.tls.TlsCredentials adminCredentials(
      java.nio.file.Path deploymentDir) {
    java.nio.file.Path tls = deploymentDir.resolve("tls");
    String admin = org.concoord.client.tls.TlsCredentials.ADMIN_NAME;
    return org.concoord.client.tls.TlsCredentials.presentIn(tls, admin)
        ? org.concoord.client.tls.TlsCredentials.inDirectory(tls, admin)
        : null;
  }

  /** The newest view any of the {@code bootstrap} replicas reports; null if none answers. */
  static View view(List<NodeId> bootstrap, java.nio.file.Path deploymentDir) {
    return view(bootstrap, adminCredentials(deploymentDir));
  }

  /** With the credentials a client finds by itself. */
  static View view(List<NodeId> bootstrap) {
    return view(bootstrap, org.concoord.client.tls.TlsCredentials.discover());
  }

  static View view(List<NodeId> bootstrap, org.concoord.client.tls.TlsCredentials tls) {
    View newest = null;
    for (NodeId node : bootstrap) {
      StatusReply reply = status(node, tls);
      if (reply != null
          && reply.view() != null
          && (newest == null || reply.view().epoch() > newest.epoch())) {
        newest = reply.view();
      }
    }
    return newest;
  }

  /** Whether {@code view} has {@code address} as a member in {@code role}. */
  static boolean isMember(View view, Role role, String address) {
    return view != null && view.members(role).contains(NodeId.of(address));
  }

  /**
   * One look at a nameserver: null if its SRV answer for {@code domain} names {@code replicas}
   * replicas, else what it answered.
   */
  public static String dnsShortfall(String dnsAddress, String domain, int replicas) {
    try {
      SimpleResolver resolver = new SimpleResolver(Addresses.parse(dnsAddress));
      resolver.setTimeout(Duration.ofSeconds(1));
      Message query =
          Message.newQuery(
              Record.newRecord(
                  Name.fromString("_concoord._tcp." + domain, Name.root), Type.SRV, DClass.IN));
      Message reply = resolver.send(query);
      int answers = reply.getSection(Section.ANSWER).size();
      if (reply.getRcode() == Rcode.NOERROR && answers == replicas) {
        return null;
      }
      return Rcode.string(reply.getRcode()) + " with " + answers + " SRV records";
    } catch (IOException e) {
      return e.toString();
    }
  }

  /**
   * One status request on a connection of its own, with the credentials a client finds by itself
   * ({@code TlsCredentials.discover()}); null if the node does not answer in time.
   */
  public static StatusReply status(NodeId node) {
    return status(node, org.concoord.client.tls.TlsCredentials.discover());
  }

  /** Over TLS with {@code tls} (null: plaintext). */
  public static StatusReply status(NodeId node, org.concoord.client.tls.TlsCredentials tls) {
    try {
      return InstanceStatus.ask(node, tls == null ? null : tls.context(), null);
    } catch (java.io.IOException unreadable) {
      return null;
    }
  }
}
