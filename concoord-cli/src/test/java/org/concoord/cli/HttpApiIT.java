package org.concoord.cli;

import static org.concoord.cli.HttpCurl.assertError;
import static org.concoord.cli.HttpCurl.concat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.concoord.cli.HttpCurl.Answer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP/JSON API with real curl against one real TLS instance (two replicas with an HTTP port
 * each, one acceptor, started by bin/concoord): every endpoint, every error code, a retry with the
 * same id and seq executed once, a call through the follower forwarded to the leader, a blocking
 * acquire parked (202), resumed by the same id and seq and released by another client, and a call
 * without a quorum answered unavailable.
 */
class HttpApiIT {
  private static final Pattern HTTP = Pattern.compile("concoord http (\\S+)/v1/objects/default");

  @TempDir Path work;

  private ProcessKit kit;
  private Path tls;
  private HttpCurl client;

  private Answer curl(String base, String path, String body, String... headers) throws Exception {
    return client.answer(base, path, body, headers);
  }

  private static String call(String method) {
    return "/v1/objects/default/" + method;
  }

  @Test
  void everyEndpointAndEveryErrorCodeWithCurl() throws Exception {
    tls = Files.createDirectories(work.resolve("tls"));
    try (ProcessKit k = new ProcessKit(Files.createDirectories(work.resolve("logs")))) {
      kit = k;
      client = new HttpCurl(kit, tls);
      Started started = startInstance();
      String leader = started.leader();
      String follower = started.follower();

      anonymousRefusedThenDescribed(leader, follower);
      forwardedAndRetriedOnce(leader, follower);
      everyErrorCode(leader);
      anotherPrincipalCannotUseTheClientId(leader, follower);

      namedObjects(leader, follower);
      blockingAcquireReleasedByAnotherClient(leader, follower);
      watchAsServerSentEvents(leader, follower);

      // Forced out: the acceptor dies, nothing can be decided.
      started.acceptor().destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      assertError(curl(leader, call("add"), "[1]", "Concoord-Wait: 2"), 503, "unavailable");
    }
  }

  /** The instance's two replicas' HTTP addresses and its acceptor's process. */
  private record Started(String leader, String follower, Process acceptor) {}

  /**
   * Creates the CA and the admin's certificate, then starts the first replica of Box, an acceptor,
   * and a second replica relaying one HTTP call at a time, each with an HTTP port.
   */
  private Started startInstance() throws Exception {
    Path box = Path.of(HttpApiIT.class.getResource("/http/Box.java").toURI());
    String concoord = ProcessKit.CONCOORD.toString();
    assertEquals(
        0, kit.run(60, concoord, "certs", "create-ca", "--dir", tls.toString()).exitCode());
    assertEquals(
        0,
        kit.run(60, concoord, "certs", "create-client", "admin", "--dir", tls.toString())
            .exitCode());
    String[] node = {"--tls-dir", tls.toString(), "--http-port", "0", "--http-body-max", "1000"};
    kit.start(
        "r1", concat(new String[] {concoord, "replica", "-f", box.toString(), "-c", "Box"}, node));
    String bootstrap = TutorialIT.address(kit.awaitLine("r1", "concoord replica", 120));
    String leader = http(kit.awaitLine("r1", "concoord http", 60));
    Process acceptor =
        kit.start("a1", concoord, "acceptor", "--tls-dir", tls.toString(), "-b", bootstrap);
    kit.awaitLine("a1", "concoord acceptor", 120);
    kit.start(
        "r2",
        concat(
            new String[] {
              concoord,
              "replica",
              "-f",
              box.toString(),
              "-c",
              "Box",
              "-b",
              bootstrap,
              "--http-pending-max",
              "1"
            },
            node));
    String follower = http(kit.awaitLine("r2", "concoord http", 120));
    return new Started(leader, follower, acceptor);
  }

  /** Refused without a client certificate; with one, the object and OpenAPI are described. */
  private void anonymousRefusedThenDescribed(String leader, String follower) throws Exception {
    // No client certificate: refused in the handshake, like the client port.
    ProcessKit.Result anonymous =
        kit.run(
            60,
            "curl",
            "-sS",
            "--cacert",
            tls.resolve("ca.pem").toString(),
            leader + "/v1/openapi.json");
    assertNotEquals(0, anonymous.exitCode(), anonymous.output());

    Answer described = curl(leader, "/v1/objects/default", null);
    assertEquals(200, described.status(), described.body());
    assertTrue(described.body().contains("\"name\":\"add\""), described.body());
    assertTrue(described.body().contains("\"title\":\"delta\""), described.body());
    Answer openApi = curl(follower, "/v1/openapi.json", null);
    assertEquals(200, openApi.status(), openApi.body());
    assertTrue(openApi.body().startsWith("{\"openapi\":\"3.1.0\""), openApi.body());
    assertTrue(openApi.body().contains("\"/v1/objects/default/acquire\""), openApi.body());
  }

  /** A call through the follower is forwarded; a retry with the same id and seq runs once. */
  private void forwardedAndRetriedOnce(String leader, String follower) throws Exception {
    // A call through the follower is forwarded to the leader (retried until both are up).
    Answer first = client.awaitOk(follower, call("add"), "[5]");
    assertEquals("5", first.body());
    Answer once = curl(leader, call("add"), "[100]", "Concoord-Client-Id: 77", "Concoord-Seq: 1");
    Answer again =
        curl(follower, call("add"), "[100]", "Concoord-Client-Id: 77", "Concoord-Seq: 1");
    assertEquals(new Answer(200, "105"), once);
    assertEquals(once, again, "a retry with the same id and seq is answered from the cache");
    assertEquals("105", curl(leader, call("get"), "[]").body(), "executed once");
    Answer echoed = curl(leader, call("echo"), "[{\"name\":\"a\",\"quantity\":2},[1,2,3]]");
    assertEquals(new Answer(200, "{\"item\":{\"name\":\"a\",\"quantity\":2},\"sum\":6}"), echoed);
  }

  /** Every error code; none of the refused calls ran. */
  private void everyErrorCode(String leader) throws Exception {
    assertError(curl(leader, call("nope"), "[]"), 404, "unknown_method");
    assertError(curl(leader, call("add"), "[\"x\"]"), 400, "bad_argument");
    assertError(curl(leader, call("add"), "[1, 2]"), 400, "bad_argument");
    assertError(curl(leader, call("add"), "{\"delta\": 1}"), 400, "bad_argument");
    Answer thrown = curl(leader, call("fail"), "[\"boom\"]");
    assertError(thrown, 409, "exception");
    assertTrue(thrown.body().contains("\"type\":\"java.lang.IllegalArgumentException\""));
    // An unknown session whose ackedBelow claims earlier replies: refused, did not run.
    assertError(
        curl(
            leader,
            call("add"),
            "[1]",
            "Concoord-Client-Id: 909",
            "Concoord-Seq: 5",
            "Concoord-Acked-Below: 5"),
        422,
        "rejected");
    assertError(curl(leader, call("add"), "[1]", "Concoord-Seq: 1"), 400, "bad_header");
    assertError(curl(leader, call("add"), "[" + "1,".repeat(600) + "1]"), 413, "too_large");
    assertError(curl(leader, "/v1/objects/a:b/add", "[1]"), 404, "not_found");
    assertError(curl(leader, call("add"), "[1]", "X-Method: PUT"), 405, "method_not_allowed");
    assertEquals("105", curl(leader, call("get"), "[]").body(), "no refused call ran");
  }

  /** Another principal (a writer) using the admin's client id: forbidden, and no cached reply. */
  private void anotherPrincipalCannotUseTheClientId(String leader, String follower)
      throws Exception {
    String concoord = ProcessKit.CONCOORD.toString();
    assertEquals(
        0,
        kit.run(60, concoord, "certs", "create-client", "bob", "--dir", tls.toString()).exitCode());
    client.as = "bob";
    assertError(
        curl(leader, call("add"), "[100]", "Concoord-Client-Id: 77", "Concoord-Seq: 1"),
        403,
        "forbidden");
    assertError(
        curl(
            follower,
            call("add"),
            "[1]",
            "Concoord-Client-Id: 77",
            "Concoord-Seq: 2",
            "Concoord-Acked-Below: 2"),
        403,
        "forbidden");
    client.as = "admin";
    assertEquals("105", curl(leader, call("get"), "[]").body(), "the stolen id ran nothing");
  }

  /**
   * A watch as server-sent events (issue 21): the follower streams get()'s value now and after an
   * add through the leader, each with its slot as the event id; a method that writes ends the
   * stream at once, saying why.
   */
  private void watchAsServerSentEvents(String leader, String follower) throws Exception {
    long now = Long.parseLong(curl(leader, call("get"), "[]").body().trim());
    String[] credentials = client.credentials(client.as);
    kit.start(
        "sse",
        concat(
            concat(new String[] {"curl", "-sS", "-N", "--max-time", "120"}, credentials),
            new String[] {follower + "/v1/watch/default/get"}));
    kit.awaitLine("sse", "data: " + now, 60);
    assertEquals(new Answer(200, Long.toString(now + 2)), curl(leader, call("add"), "[2]"));
    kit.awaitLine("sse", "data: " + (now + 2), 60);
    assertTrue(kit.awaitLine("sse", "id: ", 5).matches("id: \\d+"));
    ProcessKit.Result writes =
        kit.run(
            60,
            concat(
                concat(new String[] {"curl", "-sS", "--max-time", "60"}, credentials),
                new String[] {follower + "/v1/watch/default/add?args=%5B1%5D"}));
    assertTrue(
        writes.output().contains("event: ended") && writes.output().contains("read-only"),
        writes.output());
  }

  /** A named object (issue 18) through the same paths: created, called, described, missing. */
  private void namedObjects(String leader, String follower) throws Exception {
    String one = "/v1/objects/boxes/one/";
    Answer created =
        curl(
            follower,
            one + "__concoordcreate__",
            "[]",
            "Concoord-Client-Id: 601",
            "Concoord-Seq: 1");
    assertEquals(200, created.status(), created.body());
    assertEquals(new Answer(200, "3"), curl(leader, one + "add", "[3]"));
    assertEquals("105", curl(leader, call("get"), "[]").body(), "the default object apart");
    Answer described = curl(follower, "/v1/objects/boxes/one", null);
    assertEquals(200, described.status(), described.body());
    assertTrue(described.body().contains("\"name\":\"boxes/one\""), described.body());
    assertTrue(described.body().contains("\"title\":\"delta\""), described.body());
    assertError(curl(leader, one + "nope", "[]"), 404, "unknown_method");
    assertError(curl(leader, one + "add", "[\"x\"]"), 400, "bad_argument");
    String two = "/v1/objects/boxes/two/";
    assertEquals(new Answer(200, "1"), curl(leader, two + "add", "[1]"), "created on use");
    assertEquals(200, curl(leader, two + "__concoorddelete__", "[]").status());
    assertError(curl(leader, two + "add", "[1]"), 404, "not_found");
    assertError(curl(leader, "/v1/objects/boxes/two", null), 404, "not_found");
  }

  /**
   * Client 501 takes the lock; 502's acquire through the follower parks (202 after its wait), its
   * resumed long poll (same id and seq, overloaded meanwhile for a third call through that replica,
   * which relays one call at a time) completes when 501 releases over HTTP.
   */
  private void blockingAcquireReleasedByAnotherClient(String leader, String follower)
      throws Exception {
    Answer held = curl(leader, call("acquire"), "[]", "Concoord-Client-Id: 501", "Concoord-Seq: 1");
    assertEquals(200, held.status(), held.body());
    long firstToken = Long.parseLong(held.body());
    Answer parked =
        curl(
            follower,
            call("acquire"),
            "[]",
            "Concoord-Client-Id: 502",
            "Concoord-Seq: 1",
            "Concoord-Wait: 1");
    assertEquals(202, parked.status(), parked.body());
    assertTrue(parked.body().contains("\"pending\":true"), parked.body());
    Process poll = awaitOverloaded(follower);
    Answer released =
        curl(
            leader,
            call("release"),
            "[]",
            "Concoord-Client-Id: 501",
            "Concoord-Seq: 2",
            "Concoord-Acked-Below: 2");
    assertEquals(new Answer(200, "null"), released);
    assertTrue(poll.waitFor(90, TimeUnit.SECONDS), "the long poll did not end");
    List<String> lines = Files.readAllLines(work.resolve("logs/poll.log"));
    assertEquals("200", lines.get(lines.size() - 1), lines.toString());
    assertEquals(firstToken + 1, Long.parseLong(lines.get(0)), lines.toString());
    Answer holder = curl(leader, call("holder"), "[]");
    assertEquals("502", holder.body());
  }

  /**
   * Starts the long poll (502's acquire, same id and seq, waiting up to 60 s) and, while it is
   * relayed, the follower (one relayed call at a time) answers another call 429. A get relayed at
   * the moment the poll arrives makes the poll itself the one refused: then poll again.
   */
  private Process awaitOverloaded(String follower) throws Exception {
    long deadline = System.currentTimeMillis() + 90_000;
    for (int attempt = 1; ; attempt++) {
      Process poll =
          kit.start(
              "poll",
              "curl",
              "-sS",
              "--max-time",
              "90",
              "--cacert",
              tls.resolve("ca.pem").toString(),
              "--cert",
              tls.resolve("admin.pem").toString(),
              "--key",
              tls.resolve("admin.key").toString(),
              "-w",
              "\n%{http_code}",
              "-H",
              "Concoord-Client-Id: 502",
              "-H",
              "Concoord-Seq: 1",
              "-H",
              "Concoord-Wait: 60",
              "-X",
              "POST",
              "--data-binary",
              "[]",
              follower + call("acquire"));
      Answer answer = null;
      while (poll.isAlive() && System.currentTimeMillis() < deadline) {
        answer = curl(follower, call("get"), "[]");
        if (answer.status() == 429) {
          assertError(answer, 429, "overloaded");
          return poll;
        }
      }
      poll.waitFor(90, TimeUnit.SECONDS);
      String log = pollLog();
      assertTrue(
          log.trim().endsWith("429") && System.currentTimeMillis() < deadline,
          "attempt "
              + attempt
              + ": no 429 while the poll ran; the poll: "
              + log
              + "; last: "
              + answer);
    }
  }

  private String pollLog() {
    try {
      return Files.readString(work.resolve("logs/poll.log"));
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }

  private static String http(String line) {
    Matcher m = HTTP.matcher(line);
    assertTrue(m.find(), line);
    return m.group(1);
  }
}
