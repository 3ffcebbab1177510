package org.concoord.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * The protected resource of the lock tests: a TCP server that accepts a write only if its fencing
 * token is at least the highest seen (Chubby's sequencer check), and counts how many clients are
 * inside at once for the semaphore test. Records everything for the assertions.
 */
final class FencedResource implements AutoCloseable {
  /** One write the resource saw. */
  record Write(long token, String client, boolean accepted) {}

  private final ServerSocket server = new ServerSocket(0);
  private final List<Write> writes = new ArrayList<>();
  private long tokenMax = -1;
  private int inside;
  private int insideMax;

  FencedResource() throws IOException {
    Thread acceptor = new Thread(this::acceptLoop, "fenced-resource");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return server.getLocalPort();
  }

  synchronized List<Write> writes() {
    return List.copyOf(writes);
  }

  synchronized int insideMax() {
    return insideMax;
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        Thread handler = new Thread(() -> serve(socket), "fenced-resource-client");
        handler.setDaemon(true);
        handler.start();
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void serve(Socket socket) {
    try (socket;
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream()));
        PrintWriter out = new PrintWriter(socket.getOutputStream(), true)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String[] parts = line.split(" ");
        out.println(handle(parts[0], Long.parseLong(parts[1]), parts[2]));
      }
    } catch (IOException | RuntimeException gone) {
      // the worker went away
    }
  }

  private synchronized String handle(String command, long token, String client) {
    switch (command) {
      case "write" -> {
        boolean accepted = token >= tokenMax;
        tokenMax = Math.max(tokenMax, token);
        writes.add(new Write(token, client, accepted));
        return accepted ? "OK" : "STALE";
      }
      case "enter" -> {
        inside++;
        insideMax = Math.max(insideMax, inside);
        return "OK";
      }
      case "exit" -> {
        inside--;
        return "OK";
      }
      default -> {
        return "?";
      }
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
