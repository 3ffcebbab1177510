package org.concoord.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Blocking objects with several real client JVMs against real local instances: a Lock protecting
 * a fenced resource while holders are paused with kill -STOP and their sessions expire; a
 * Semaphore that never admits more than its permits; a Barrier that releases all its parties; a
 * parked acquire that completes after the leader is killed with kill -9.
 */
class BlockingObjectsIT {
  static final String OBJECTS = "concoord-objects/src/main/java/org/concoord/objects/";
  @TempDir static Path work;
  static String classpath;
  static String java;

  @BeforeAll
  static void compileWorker() throws Exception {
    Path classes = Files.createDirectories(work.resolve("classes"));
    Path source = Path.of(BlockingObjectsIT.class.getResource("/blocking/Worker.java").toURI());
    try (ProcessKit kit = new ProcessKit(work).plaintext()) {
      String concoordJar = kit.run(60, ProcessKit.CONCOORD.toString(), "classpath").output().trim();
      classpath = concoordJar + File.pathSeparator + classes;
      String javac = Path.of(System.getProperty("java.home"), "bin", "javac").toString();
      ProcessKit.Result compiled =
          kit.run(120, javac, "-cp", concoordJar, "-d", classes.toString(), source.toString());
      assertEquals(0, compiled.exitCode(), compiled.output());
    }
    java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  static String start(ProcessKit kit, String object, Path dir) throws Exception {
    ProcessKit.Result started = kit.run(180, ProcessKit.CONCOORD.toString(), "initialize",
        "-f", OBJECTS + object + ".java", "-c", object, "-r", "3", "-a", "3", "--dir", dir.toString());
    assertEquals(0, started.exitCode(), started.output());
    String[] lines = started.output().trim().split("\n");
    return lines[lines.length - 1].trim();
  }

  static void stop(ProcessKit kit, Path dir) throws Exception {
    kit.run(60, ProcessKit.CONCOORD.toString(), "stop", "--dir", dir.toString());
  }

  static void signal(String signal, long pid) throws Exception {
    new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start().waitFor(10, TimeUnit.SECONDS);
  }

  static void awaitExit(Process process, int seconds) throws Exception {
    assertTrue(process.waitFor(seconds, TimeUnit.SECONDS), "worker did not finish in " + seconds + " s");
    assertEquals(0, process.exitValue());
  }

  @Test
  void lockWithFencingTokensKeepsAPausedHolderOutOfTheResource() throws Exception {
    Path dir = work.resolve("lock");
    try (ProcessKit kit = new ProcessKit(Files.createDirectories(dir)).plaintext();
        FencedResource resource = new FencedResource()) {
      String bootstrap = start(kit, "Lock", dir.resolve("instance"));
      Map<String, Process> workers = new HashMap<>();
      for (String name : List.of("w1", "w2", "w3")) {
        workers.put(name, kit.start(name, java, "-cp", classpath, "Worker", "lock", bootstrap,
            Integer.toString(resource.port()), name, "12", "1000"));
      }
      // Pause w1 while it holds the lock, for three session timeouts, then let it go on.
      kit.awaitLine("w1", "w1 holding", 60);
      signal("STOP", workers.get("w1").pid());
      Thread.sleep(3000);
      signal("CONT", workers.get("w1").pid());
      for (Process worker : workers.values()) {
        awaitExit(worker, 120);
      }
      List<FencedResource.Write> writes = resource.writes();
      Map<Long, String> holderOfToken = new HashMap<>();
      for (FencedResource.Write write : writes) {
        if (write.accepted()) {
          String other = holderOfToken.putIfAbsent(write.token(), write.client());
          assertTrue(other == null || other.equals(write.client()),
              "token " + write.token() + " used by " + other + " and " + write.client());
        }
      }
      assertTrue(writes.stream().anyMatch(w -> !w.accepted() && w.client().equals("w1")),
          "the paused holder's late writes were refused: " + writes);
      assertTrue(holderOfToken.size() >= 30, "the others kept using the lock: " + holderOfToken);
      stop(kit, dir.resolve("instance"));
    }
  }

  @Test
  void semaphoreNeverAdmitsMoreThanItsPermits() throws Exception {
    Path dir = work.resolve("semaphore");
    try (ProcessKit kit = new ProcessKit(Files.createDirectories(dir)).plaintext();
        FencedResource resource = new FencedResource()) {
      String bootstrap = start(kit, "Semaphore", dir.resolve("instance"));
      assertEquals(0, kit.run(60, ProcessKit.CONCOORD.toString(), "call", "-b", bootstrap, "init", "2")
          .exitCode());
      List<Process> workers = new java.util.ArrayList<>();
      for (String name : List.of("s1", "s2", "s3", "s4")) {
        workers.add(kit.start(name, java, "-cp", classpath, "Worker", "semaphore", bootstrap,
            Integer.toString(resource.port()), name, "15"));
      }
      for (Process worker : workers) {
        awaitExit(worker, 120);
      }
      assertEquals(2, resource.insideMax(), "at most 2 inside at once, and 2 was reached");
      stop(kit, dir.resolve("instance"));
    }
  }

  @Test
  void barrierOfThreeReleasesAllThree() throws Exception {
    Path dir = work.resolve("barrier");
    try (ProcessKit kit = new ProcessKit(Files.createDirectories(dir)).plaintext()) {
      String bootstrap = start(kit, "Barrier", dir.resolve("instance"));
      assertEquals(0, kit.run(60, ProcessKit.CONCOORD.toString(), "call", "-b", bootstrap,
          "setParties", "3").exitCode());
      Map<String, Process> workers = new HashMap<>();
      for (String name : List.of("b1", "b2", "b3")) {
        workers.put(name, kit.start(name, java, "-cp", classpath, "Worker", "await", bootstrap, name));
      }
      for (Map.Entry<String, Process> worker : workers.entrySet()) {
        awaitExit(worker.getValue(), 60);
        String line = kit.awaitLine(worker.getKey(), "generation", 5);
        assertTrue(line.endsWith("generation 0"), line);
      }
      stop(kit, dir.resolve("instance"));
    }
  }

  @Test
  void conditionWakesExactlyTheSignalledNumberOfWaiters() throws Exception {
    Path dir = work.resolve("condition");
    try (ProcessKit kit = new ProcessKit(Files.createDirectories(dir)).plaintext()) {
      String bootstrap = start(kit, "Condition", dir.resolve("instance"));
      List<String> names = List.of("c1", "c2", "c3", "c4");
      List<Process> waiters = new java.util.ArrayList<>();
      for (String name : names) {
        waiters.add(kit.start(name, java, "-cp", classpath, "Worker", "condwait", bootstrap, name));
      }
      Poll.await(60, 200, () -> "the four waiters never all awaited", () -> kit.run(60,
          ProcessKit.CONCOORD.toString(), "call", "-b", bootstrap, "awaiting").output().trim()
          .equals("4"));
      ProcessKit.Result signal =
          kit.run(60, java, "-cp", classpath, "Worker", "signal", bootstrap, "2");
      assertTrue(signal.output().contains("signalled 2"), signal.output());
      Thread.sleep(3000); // time for a wrongly woken third waiter to show up
      long woken = names.stream().filter(n -> logHas(dir, n, "woken")).count();
      assertEquals(2, woken, "signal(2) wakes exactly two waiters");
      ProcessKit.Result rest =
          kit.run(60, java, "-cp", classpath, "Worker", "signal", bootstrap, "10");
      assertTrue(rest.output().contains("signalled 2"), rest.output());
      for (Process waiter : waiters) {
        awaitExit(waiter, 60);
      }
      stop(kit, dir.resolve("instance"));
    }
  }

  static boolean logHas(Path dir, String name, String text) {
    try {
      return Files.readString(dir.resolve(name + ".log")).contains(text);
    } catch (java.io.IOException e) {
      return false;
    }
  }

  @Test
  void parkedAcquireCompletesAfterTheLeaderIsKilled() throws Exception {
    Path dir = work.resolve("failover");
    Path instance = dir.resolve("instance");
    try (ProcessKit kit = new ProcessKit(Files.createDirectories(dir)).plaintext()) {
      String bootstrap = start(kit, "Lock", instance);
      Process holder = kit.start("holder", java, "-cp", classpath, "Worker", "hold", bootstrap,
          "holder", "4000");
      kit.awaitLine("holder", "holder acquired", 60);
      Process waiter = kit.start("waiter", java, "-cp", classpath, "Worker", "hold", bootstrap,
          "waiter", "10");
      kit.awaitLine("waiter", "waiter acquiring", 60);
      Thread.sleep(500); // let the waiter's acquire park
      String status = kit.run(60, ProcessKit.CONCOORD.toString(), "status", "--json", "--dir",
          instance.toString()).output();
      String leader = status.lines().filter(l -> l.contains("\"leading\":true")).findFirst()
          .orElseThrow(() -> new AssertionError("no leader in " + status))
          .replaceAll(".*\"address\":\"([^\"]+)\".*", "$1");
      long pid = Deployment.read(instance).nodes().stream()
          .filter(n -> n.address().equals(leader)).findFirst().orElseThrow().pid();
      signal("KILL", pid);
      awaitExit(holder, 60);
      awaitExit(waiter, 60);
      assertTrue(kit.awaitLine("waiter", "waiter acquired", 5).contains("acquired"));
      stop(kit, instance);
    }
  }
}
