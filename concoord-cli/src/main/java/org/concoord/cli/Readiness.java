package org.concoord.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import org.concoord.runtime.Addresses;

/** A bounded wait for a node that was just started to listen (serving: {@link InstanceProbe}). */
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
}
