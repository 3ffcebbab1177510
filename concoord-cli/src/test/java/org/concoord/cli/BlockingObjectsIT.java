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
import org.concoord.cli.deploy.Deployment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Blocking objects with several real client JVMs against one real local instance (3+3) of the
 * object library, each case on named objects of its own: a Lock protecting a fenced resource while
 * holders are paused with kill -STOP and their sessions expire; a Semaphore that never admits more
 * than its permits; a Barrier that releases all its parties; a Condition's signal; last, a parked
 * acquire that completes after the leader is killed with kill -9. One instance for all (an instance
 * each cost the build about a minute of starting and stopping).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BlockingObjectsIT {
  static final String OBJECTS_JAR = NamedObjectsIT.OBJECTS_JAR;
  static final String PACKAGE = "org.concoord.objects.";
  @TempDir static Path work;
  static String classpath;
  static String java;
  static ProcessKit kit;
  static Path instance;
  static String bootstrap;

  @BeforeAll
  static void compileWorker() throws Exception {
    Path classes = Files.createDirectories(work.resolve("classes"));
    Path source = Path.of(BlockingObjectsIT.class.getResource("/blocking/Worker.java").toURI());
    try (ProcessKit compiler = new ProcessKit(work).plaintext()) {
      String concoordJar =
          compiler.run(60, ProcessKit.CONCOORD.toString(), "classpath").output().trim();
      classpath = concoordJar + File.pathSeparator + classes;
      String javac = Path.of(System.getProperty("java.home"), "bin", "javac").toString();
      ProcessKit.Result compiled =
          compiler.run(120, javac, "-cp", concoordJar, "-d", classes.toString(), source.toString());
      assertEquals(0, compiled.exitCode(), compiled.output());
    }
    java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    kit = new ProcessKit(Files.createDirectories(work.resolve("logs"))).plaintext();
    instance = work.resolve("instance");
    ProcessKit.Result started =
        kit.run(
            180,
            ProcessKit.CONCOORD.toString(),
            "initialize",
            "-f",
            OBJECTS_JAR,
            "-c",
            PACKAGE + "Lock",
            "-r",
            "3",
            "-a",
            "3",
            "--dir",
            instance.toString());
    assertEquals(0, started.exitCode(), started.output());
    String[] lines = started.output().trim().split("\n");
    bootstrap = lines[lines.length - 1].trim();
  }

  @AfterAll
  static void stopInstance() throws Exception {
    kit.run(60, ProcessKit.CONCOORD.toString(), "stop", "--dir", instance.toString());
    kit.close();
  }

  /** A worker JVM on the named object {@code name} of class {@code simpleClass}. */
  static Process worker(String log, String name, String simpleClass, String... args)
      throws Exception {
    String[] command = new String[args.length + 5];
    command[0] = java;
    command[1] = "-Dobject=" + name + ":" + PACKAGE + simpleClass;
    command[2] = "-cp";
    command[3] = classpath;
    command[4] = "Worker";
    System.arraycopy(args, 0, command, 5, args.length);
    return kit.start(log, command);
  }

  static ProcessKit.Result call(String name, String simpleClass, String... methodAndArgs)
      throws Exception {
    String[] command = new String[methodAndArgs.length + 8];
    String[] head = {
      ProcessKit.CONCOORD.toString(),
      "call",
      "-b",
      bootstrap,
      "-o",
      name,
      "--class",
      PACKAGE + simpleClass
    };
    System.arraycopy(head, 0, command, 0, head.length);
    System.arraycopy(methodAndArgs, 0, command, head.length, methodAndArgs.length);
    return kit.run(60, command);
  }

  static void signal(String signal, long pid) throws Exception {
    new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
        .start()
        .waitFor(10, TimeUnit.SECONDS);
  }

  static void awaitExit(Process process, int seconds) throws Exception {
    assertTrue(
        process.waitFor(seconds, TimeUnit.SECONDS), "worker did not finish in " + seconds + " s");
    assertEquals(0, process.exitValue());
  }

  @Test
  @Order(1)
  void lockWithFencingTokensKeepsAPausedHolderOutOfTheResource() throws Exception {
    try (FencedResource resource = new FencedResource()) {
      Map<String, Process> workers = new HashMap<>();
      for (String name : List.of("w1", "w2", "w3")) {
        workers.put(
            name,
            worker(
                name,
                "fenced",
                "Lock",
                "lock",
                bootstrap,
                Integer.toString(resource.port()),
                name,
                "12",
                "1000"));
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
          assertTrue(
              other == null || other.equals(write.client()),
              "token " + write.token() + " used by " + other + " and " + write.client());
        }
      }
      assertTrue(
          writes.stream().anyMatch(w -> !w.accepted() && w.client().equals("w1")),
          "the paused holder's late writes were refused: " + writes);
      assertTrue(holderOfToken.size() >= 30, "the others kept using the lock: " + holderOfToken);
    }
  }

  @Test
  @Order(2)
  void semaphoreNeverAdmitsMoreThanItsPermits() throws Exception {
    try (FencedResource resource = new FencedResource()) {
      ProcessKit.Result init = call("permits", "Semaphore", "init", "2");
      assertEquals(0, init.exitCode(), init.output());
      List<Process> workers = new java.util.ArrayList<>();
      for (String name : List.of("s1", "s2", "s3", "s4")) {
        workers.add(
            worker(
                name,
                "permits",
                "Semaphore",
                "semaphore",
                bootstrap,
                Integer.toString(resource.port()),
                name,
                "15"));
      }
      for (Process worker : workers) {
        awaitExit(worker, 120);
      }
      assertEquals(2, resource.insideMax(), "at most 2 inside at once, and 2 was reached");
    }
  }

  @Test
  @Order(3)
  void barrierOfThreeReleasesAllThree() throws Exception {
    ProcessKit.Result parties = call("barrier", "Barrier", "setParties", "3");
    assertEquals(0, parties.exitCode(), parties.output());
    Map<String, Process> workers = new HashMap<>();
    for (String name : List.of("b1", "b2", "b3")) {
      workers.put(name, worker(name, "barrier", "Barrier", "await", bootstrap, name));
    }
    for (Map.Entry<String, Process> worker : workers.entrySet()) {
      awaitExit(worker.getValue(), 60);
      String line = kit.awaitLine(worker.getKey(), "generation", 5);
      assertTrue(line.endsWith("generation 0"), line);
    }
  }

  @Test
  @Order(4)
  void conditionWakesExactlyTheSignalledNumberOfWaiters() throws Exception {
    List<String> names = List.of("c1", "c2", "c3", "c4");
    List<Process> waiters = new java.util.ArrayList<>();
    for (String name : names) {
      waiters.add(worker(name, "condition", "Condition", "condwait", bootstrap, name));
    }
    Poll.await(
        60,
        200,
        () -> "the four waiters never all awaited",
        () -> call("condition", "Condition", "awaiting").output().trim().equals("4"));
    ProcessKit.Result signal =
        kit.run(
            60,
            java,
            "-Dobject=condition:" + PACKAGE + "Condition",
            "-cp",
            classpath,
            "Worker",
            "signal",
            bootstrap,
            "2");
    assertTrue(signal.output().contains("signalled 2"), signal.output());
    Thread.sleep(3000); // time for a wrongly woken third waiter to show up
    long woken = names.stream().filter(n -> kit.logHas(n, "woken")).count();
    assertEquals(2, woken, "signal(2) wakes exactly two waiters");
    ProcessKit.Result rest =
        kit.run(
            60,
            java,
            "-Dobject=condition:" + PACKAGE + "Condition",
            "-cp",
            classpath,
            "Worker",
            "signal",
            bootstrap,
            "10");
    assertTrue(rest.output().contains("signalled 2"), rest.output());
    for (Process waiter : waiters) {
      awaitExit(waiter, 60);
    }
  }

  /** Calls parked now on the instance's replicas, by their /metrics. */
  private static double parkedCalls() throws Exception {
    double parked = 0;
    for (Deployment.NodeEntry node : Deployment.read(instance).nodes()) {
      if (node.role().equals("replica") && node.adminUrl() != null) {
        String metrics = PrometheusKit.getUrl(node.adminUrl() + "metrics").body();
        parked +=
            metrics
                .lines()
                .filter(l -> l.startsWith("concoord_server_calls_parked{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
      }
    }
    return parked;
  }

  /** Last: it kills the leader replica of the instance the others share. */
  @Test
  @Order(5)
  void parkedAcquireCompletesAfterTheLeaderIsKilled() throws Exception {
    Process holder = worker("holder", "failover", "Lock", "hold", bootstrap, "holder", "4000");
    kit.awaitLine("holder", "holder acquired", 60);
    Process waiter = worker("waiter", "failover", "Lock", "hold", bootstrap, "waiter", "10");
    kit.awaitLine("waiter", "waiter acquiring", 60);
    Poll.await(30, 100, () -> "the waiter's acquire never parked", () -> parkedCalls() > 0);
    String status =
        kit.run(
                60,
                ProcessKit.CONCOORD.toString(),
                "status",
                "--json",
                "--dir",
                instance.toString())
            .output();
    String leader =
        status
            .lines()
            .filter(l -> l.contains("\"leading\":true"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no leader in " + status))
            .replaceAll(".*\"address\":\"([^\"]+)\".*", "$1");
    long pid =
        Deployment.read(instance).nodes().stream()
            .filter(n -> n.address().equals(leader))
            .findFirst()
            .orElseThrow()
            .pid();
    signal("KILL", pid);
    awaitExit(holder, 60);
    awaitExit(waiter, 60);
    assertTrue(kit.awaitLine("waiter", "waiter acquired", 5).contains("acquired"));
  }
}
