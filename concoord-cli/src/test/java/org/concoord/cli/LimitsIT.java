package org.concoord.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.concoord.cli.deploy.Deployment;
import org.concoord.cli.deploy.InstanceProbe;
import org.concoord.cli.deploy.ProcessState;
import org.concoord.client.ClientOptions;
import org.concoord.client.ConcoordClient;
import org.concoord.client.ConcoordRejectedException;
import org.concoord.client.ConcoordRemoteException;
import org.concoord.core.codec.MessageCodec;
import org.concoord.core.codec.WireFormat;
import org.concoord.core.codec.WireSizes;
import org.concoord.core.command.Call;
import org.concoord.core.command.ClientCommand;
import org.concoord.core.host.StateQuotaExceededException;
import org.concoord.core.message.ClientReply;
import org.concoord.core.message.ClientRequest;
import org.concoord.core.message.Outcome;
import org.concoord.core.message.Reason;
import org.concoord.core.message.Refusal;
import org.concoord.core.value.ValueCodec;
import org.concoord.runtime.Addresses;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sizes and load against real node processes started by {@code concoord initialize} with the
 * default heap ({@code -Xmx256m}: why in docs/operations.md, "Heap budget of one large value"),
 * issue 13: large values by size and by count, a raw request of exactly the frame bound, 2,000 idle
 * connections and a client that never reads. Every call succeeds or is refused with an error naming
 * the bound; no node dies; the instance serves after.
 */
class LimitsIT {
  static final int MIB = 1 << 20;
  static final String NOTES =
      """
      import java.util.ArrayList;
      import java.util.List;

      public class Notes {
        private ArrayList<String> notes = new ArrayList<>();

        public int add(List<String> values) {
          notes.addAll(values);
          return notes.size();
        }

        public int count() {
          return notes.size();
        }

        public String first() {
          return notes.isEmpty() ? "" : notes.get(0);
        }

        public List<String> all() {
          return notes;
        }

        public void clear() {
          notes.clear();
        }
      }
      """;

  @TempDir static Path work;
  static ProcessKit kit;
  static String bootstrap;
  static Deployment deployment;
  static ConcoordClient client;

  @BeforeAll
  static void startInstance() throws Exception {
    kit = new ProcessKit(Files.createDirectories(work.resolve("logs"))).plaintext();
    Path notes = work.resolve("Notes.java");
    Files.writeString(notes, NOTES);
    ProcessKit.Result started =
        kit.run(
            180,
            ProcessKit.CONCOORD.toString(),
            "initialize",
            "-f",
            notes.toString(),
            "-c",
            "Notes",
            "-r",
            "3",
            "-a",
            "3",
            "--dir",
            work.resolve("instance").toString());
    assertEquals(0, started.exitCode(), started.output());
    String[] lines = started.output().trim().split("\n");
    bootstrap = lines[lines.length - 1].trim();
    deployment = Deployment.read(work.resolve("instance"));
    client =
        ConcoordClient.connect(
            bootstrap, ClientOptions.defaults().withCallTimeout(Duration.ofSeconds(180)));
  }

  @AfterAll
  static void stopInstance() throws Exception {
    if (client != null) {
      client.close();
    }
    kit.run(
        60, ProcessKit.CONCOORD.toString(), "stop", "--dir", work.resolve("instance").toString());
    kit.close();
    // The nodes' logs outlive the temporary directory: a node that died says why there.
    Path kept = Files.createDirectories(ProcessKit.ROOT.resolve("concoord-cli/target/limits-logs"));
    try (var logs = Files.list(work.resolve("instance"))) {
      for (Path log : logs.filter(f -> f.toString().endsWith(".log")).toList()) {
        Files.copy(
            log,
            kept.resolve(log.getFileName()),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  static List<String> value(int mebibytes) {
    List<String> strings = new ArrayList<>();
    for (int i = 0; i < mebibytes; i++) {
      strings.add("x".repeat(MIB - 64)); // each string under the value codec's 1 MiB bound
    }
    return strings;
  }

  /**
   * Succeeds, or is refused with an error that names a bound, or the state quota (the default
   * --state-max is an eighth of the heap, 32 MiB: 15 + 9 + 9 MiB exceeds it); anything else fails
   * the test.
   */
  static String outcome(CompletableFuture<Object> call) {
    try {
      call.join();
      return "ok";
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof StateQuotaExceededException quota) {
        assertTrue(quota.getMessage().contains("--state-max"), quota.getMessage());
        return "refused: " + quota.getMessage();
      }
      assertTrue(cause instanceof ConcoordRejectedException, "not a clear refusal: " + cause);
      String message = cause.getMessage();
      assertTrue(message.contains("bound") || message.contains("limit"), message);
      return "refused: " + message;
    }
  }

  private boolean byQuota(String outcome) {
    return outcome.contains("--state-max");
  }

  static void assertEveryNodeAliveAndServing() {
    for (Deployment.NodeEntry node : deployment.nodes()) {
      assertTrue(ProcessState.isRunning(node.pid()), node.role() + " " + node.address() + " died");
    }
    int before = client.invoke("count", int.class);
    client.invoke("add", int.class, List.of("small"));
    assertEquals(before + 1, (int) client.invoke("count", int.class));
  }

  @Test
  void largeValuesBySizeAndByCountAreTakenOrRefusedClearlyAndNoNodeDies() throws Exception {
    List<String> outcomes = new ArrayList<>();
    outcomes.add(outcome(client.invokeAsync("add", int.class, value(15))));
    List<CompletableFuture<Object>> nines = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      nines.add(client.invokeAsync("add", int.class, value(9)));
    }
    nines.forEach(call -> outcomes.add(outcome(call)));
    client.invoke("clear", void.class); // the state quota is --state-max's (robust-state)
    List<CompletableFuture<Object>> fives = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      fives.add(client.invokeAsync("add", int.class, value(5)));
    }
    fives.forEach(call -> outcomes.add(outcome(call)));
    // Then 5 MiB values one at a time until the state quota refuses one (32 MiB at the default
    // heap: at most 8 more).
    int before = outcomes.size();
    for (int i = 0;
        i < 8 && outcomes.subList(before, outcomes.size()).stream().noneMatch(this::byQuota);
        i++) {
      outcomes.add(outcome(client.invokeAsync("add", int.class, value(5))));
    }
    assertEquals("ok", outcomes.get(0), "15 MiB fits a frame: " + outcomes);
    assertTrue(
        outcomes.subList(before, outcomes.size()).stream().anyMatch(this::byQuota),
        "the state quota was reached again and named: " + outcomes);
    System.out.println(
        "large values: "
            + outcomes.stream()
                .map(o -> o.length() > 90 ? o.substring(0, 90) + "..." : o)
                .toList());
    assertEveryNodeAliveAndServing();

    // A reply over the bound: an error naming size and bound; the call itself ran.
    client.invoke("clear", void.class);
    addRetryingWhileOverloaded(value(9));
    addRetryingWhileOverloaded(value(9));
    try {
      client.invoke("all", List.class);
      throw new AssertionError("a reply over the frame bound arrived");
    } catch (ConcoordRemoteException e) {
      assertTrue(
          e.getMessage().contains(Integer.toString(WireSizes.REPLY_PAYLOAD_BYTES_MAX)),
          e.getMessage());
    }
    client.invoke("clear", void.class);
    assertEveryNodeAliveAndServing();
  }

  /**
   * Adds {@code value}, again while the memory breaker refuses it OVERLOADED (its answer means
   * "retry later": right after a burst, the dead values are counted until its next collection, at
   * most a second away), for at most 60 s.
   */
  static void addRetryingWhileOverloaded(List<String> value) throws Exception {
    Poll.await(
        60,
        500,
        () -> "a value still refused OVERLOADED after 60 s",
        () -> {
          try {
            return client.invoke("add", int.class, value);
          } catch (ConcoordRejectedException e) {
            assertEquals(Reason.OVERLOADED, e.code(), e.reason());
            return null;
          }
        });
  }

  @Test
  void aRawClientRequestOfExactlyTheFrameBoundIsRefusedNamingTheBound() throws Exception {
    ClientCommand probe = new ClientCommand(77, 1, 0, new Call("add", new byte[0]));
    int args = WireFormat.FRAME_LENGTH_MAX - WireSizes.clientRequest(probe);
    byte[] frame =
        MessageCodec.encode(
            new ClientRequest(new ClientCommand(77, 1, 0, new Call("add", new byte[args]))));
    assertEquals(WireFormat.LENGTH_PREFIX_BYTES + WireFormat.FRAME_LENGTH_MAX, frame.length);
    for (String address : bootstrap.split(",")) {
      InetSocketAddress target = Addresses.parse(address);
      try (Socket socket = new Socket(target.getHostString(), target.getPort())) {
        socket.setSoTimeout(60_000);
        socket.getOutputStream().write(frame);
        ClientReply reply = (ClientReply) read(new DataInputStream(socket.getInputStream()));
        assertEquals(Outcome.REJECTED, reply.outcome());
        Refusal refusal = Refusal.decode(reply.payload());
        assertEquals(Reason.TOO_LARGE, refusal.reason());
        assertTrue(
            refusal.message().contains(Integer.toString(WireSizes.COMMAND_BYTES_MAX)),
            refusal.message());
      }
    }
    assertEveryNodeAliveAndServing();
  }

  @Test
  void twoThousandIdleConnectionsAndAClientThatNeverReadsLeaveTheOthersServed() throws Exception {
    client.invoke("clear", void.class);
    client.invoke("add", int.class, value(1));
    InetSocketAddress replica = null; // the leader: it executes, so it queues the replies
    for (String address : bootstrap.split(",")) {
      var status = InstanceProbe.status(org.concoord.core.NodeId.of(address));
      if (status != null && status.leading()) {
        replica = Addresses.parse(address);
      }
    }
    assertTrue(replica != null, "a leader");
    List<Socket> idle = new ArrayList<>();
    try {
      for (int i = 0; i < 2000; i++) {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress("127.0.0.2", 0)); // one address, not the client's
        socket.connect(replica, 10_000);
        idle.add(socket);
      }
      // A client that asks for 1 MiB replies, 200 times, and never reads one.
      try (Socket lazy = new Socket(replica.getHostString(), replica.getPort())) {
        lazy.setReceiveBufferSize(4096);
        OutputStream out = lazy.getOutputStream();
        for (long seq = 1; seq <= 200; seq++) {
          out.write(
              MessageCodec.encode(
                  new ClientRequest(
                      new ClientCommand(
                          4242, seq, 0, new Call("first", ValueCodec.encodeArgs())))));
        }
        out.flush();
        for (int i = 0; i < 20; i++) {
          assertEveryNodeAliveAndServing(); // others are served meanwhile
        }
      }
    } finally {
      for (Socket socket : idle) {
        socket.close();
      }
    }
    assertEveryNodeAliveAndServing();
  }

  static org.concoord.core.message.Message read(DataInputStream in) throws Exception {
    int length = in.readInt();
    byte[] frame = new byte[4 + length];
    java.nio.ByteBuffer.wrap(frame).putInt(length);
    in.readFully(frame, 4, length);
    return ((org.concoord.core.codec.Decoded.Ok<org.concoord.core.message.Message>)
            MessageCodec.decode(frame))
        .value();
  }
}
