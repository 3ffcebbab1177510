package org.concoord.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.concoord.runtime.Addresses;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input against a real local instance (processes started by {@code concoord initialize}): each
 * gets a clear error, and the instance keeps serving afterwards.
 */
class BadInputIT {
  @TempDir static Path work;
  static ProcessKit kit;
  static String bootstrap;
  static final String COUNTER = "concoord-objects/src/main/java/org/concoord/objects/Counter.java";

  @BeforeAll
  static void startInstance() throws Exception {
    // About frames and their bounds, which TLS would hide: the instance runs plaintext.
    kit = new ProcessKit(Files.createDirectories(work.resolve("logs"))).plaintext();
    ProcessKit.Result started =
        kit.run(
            180,
            ProcessKit.CONCOORD.toString(),
            "initialize",
            "-f",
            COUNTER,
            "-c",
            "Counter",
            "-r",
            "3",
            "-a",
            "3",
            "--dir",
            work.resolve("instance").toString());
    assertEquals(0, started.exitCode(), started.output());
    String[] lines = started.output().trim().split("\n");
    bootstrap = lines[lines.length - 1].trim();
  }

  @AfterAll
  static void stopInstance() throws Exception {
    kit.run(
        60, ProcessKit.CONCOORD.toString(), "stop", "--dir", work.resolve("instance").toString());
    kit.close();
  }

  ProcessKit.Result call(String... methodAndArgs) throws Exception {
    String[] command = new String[methodAndArgs.length + 4];
    command[0] = ProcessKit.CONCOORD.toString();
    command[1] = "call";
    command[2] = "-b";
    command[3] = bootstrap;
    System.arraycopy(methodAndArgs, 0, command, 4, methodAndArgs.length);
    return kit.run(60, command);
  }

  void assertStillServes() throws Exception {
    long before = Long.parseLong(call("get").output().trim());
    assertEquals(0, call("increment").exitCode());
    assertEquals(before + 1, Long.parseLong(call("get").output().trim()));
  }

  @Test
  void junkAndOversizedFramesCloseOnlyTheirConnection() throws Exception {
    for (String address : bootstrap.split(",")) {
      var socketAddress = Addresses.parse(address);
      try (Socket junk = new Socket(socketAddress.getHostString(), socketAddress.getPort())) {
        junk.setSoTimeout(10_000);
        OutputStream out = junk.getOutputStream();
        out.write(new byte[] {0, 0, 0, 6, 1, 0x7e, 1, 2, 3, 4});
        InputStream in = junk.getInputStream();
        assertEquals(-1, in.read(), "closed after a garbage frame");
      }
      try (Socket huge = new Socket(socketAddress.getHostString(), socketAddress.getPort())) {
        huge.setSoTimeout(10_000);
        huge.getOutputStream().write(new byte[] {0x7f, 0x7f, 0x7f, 0x7f});
        assertEquals(-1, huge.getInputStream().read(), "closed after an oversized length");
      }
    }
    assertStillServes();
  }

  @Test
  void unknownMethodIsAClearError() throws Exception {
    ProcessKit.Result result = call("frobnicate");
    assertNotEquals(0, result.exitCode());
    assertTrue(result.output().contains("frobnicate"), result.output());
    assertStillServes();
  }

  @Test
  void wrongArgumentTypeNamesTheMethodAndParameter() throws Exception {
    ProcessKit.Result result = call("add", "\"seven\"");
    assertNotEquals(0, result.exitCode());
    assertTrue(result.output().contains("add"), result.output());
    assertTrue(
        result.output().contains("delta") || result.output().contains("argument 1"),
        result.output());
    ProcessKit.Result arity = call("add", "1", "2");
    assertNotEquals(0, arity.exitCode());
    assertStillServes();
  }
}
