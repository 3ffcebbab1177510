package org.concoord.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import org.concoord.client.ClientOptions;
import org.concoord.client.ConcoordClient;
import org.concoord.client.ConcoordRejectedException;
import org.concoord.core.value.ValueCodec;
import org.concoord.runtime.Addresses;

/** Bounded waits for nodes that were just started: listening, then the instance serving. */
final class Readiness {
  /** What a wait checks between polls: throws if a started process has died. */
  interface AliveCheck {
    void check() throws IOException;
  }

  private Readiness() {}

  static void awaitListening(String address, long deadlineMillis, Path logs, AliveCheck alive)
      throws Exception {
    long deadline = System.currentTimeMillis() + deadlineMillis;
    InetSocketAddress socketAddress = Addresses.parse(address);
    while (true) {
      alive.check();
      try (Socket probe = new Socket()) {
        probe.connect(socketAddress, 1000);
        return;
      } catch (IOException notYet) {
        if (System.currentTimeMillis() > deadline) {
          throw new IOException(address + " did not listen within " + deadlineMillis / 1000
              + " s; see its log in " + logs.toAbsolutePath());
        }
        Thread.sleep(100); // bounded polling: the deadline above
      }
    }
  }

  /** Serving = a call goes through consensus: an unknown method is refused only at execution. */
  static void awaitServing(String bootstrap, long deadlineMillis) throws Exception {
    ClientOptions options =
        ClientOptions.defaults().withCallTimeout(Duration.ofMillis(deadlineMillis));
    try (ConcoordClient client = ConcoordClient.connect(bootstrap, options)) {
      client.invokeRaw("__concoordping__", ValueCodec.encodeArgs());
    } catch (ConcoordRejectedException expected) {
      return;
    }
  }
}
