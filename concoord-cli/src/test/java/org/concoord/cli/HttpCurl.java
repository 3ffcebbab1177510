package org.concoord.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * HttpApiIT's client: the real curl against an instance's HTTP API, presenting a client certificate
 * of the instance CA from its TLS directory, with bounded runs; an answer is the status code and
 * the body. Not thread-safe.
 */
final class HttpCurl {
  /** A curl answer: the status code and the body. */
  record Answer(int status, String body) {}

  private final ProcessKit kit;
  private final Path tls;

  /** The client credential curl presents. */
  String as = "admin";

  HttpCurl(ProcessKit kit, Path tls) {
    this.kit = kit;
    this.tls = tls;
  }

  /** curl's options that trust the instance CA and present {@code principal}'s certificate. */
  String[] credentials(String principal) {
    return new String[] {
      "--cacert",
      tls.resolve("ca.pem").toString(),
      "--cert",
      tls.resolve(principal + ".pem").toString(),
      "--key",
      tls.resolve(principal + ".key").toString()
    };
  }

  /** GET (no body) or POST (PUT with the header {@code X-Method: PUT}) {@code base + path}. */
  Answer answer(String base, String path, String body, String... headers) throws Exception {
    List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "90"));
    command.addAll(List.of(credentials(as)));
    command.addAll(List.of("-w", "\n%{http_code}"));
    for (String header : headers) {
      command.add("-H");
      command.add(header);
    }
    if (body != null) {
      boolean put = List.of(headers).contains("X-Method: PUT");
      command.addAll(List.of("-X", put ? "PUT" : "POST", "--data-binary", body));
    }
    command.add(base + path);
    ProcessKit.Result result = kit.run(120, command.toArray(new String[0]));
    assertEquals(0, result.exitCode(), String.join(" ", command) + "\n" + result.output());
    String out = result.output();
    int cut = out.lastIndexOf('\n', out.length() - 2);
    return new Answer(
        Integer.parseInt(out.substring(cut + 1).trim()), out.substring(0, Math.max(0, cut)));
  }

  static void assertError(Answer answer, int status, String code) {
    assertEquals(status, answer.status(), answer.body());
    assertTrue(answer.body().contains("\"code\":\"" + code + "\""), answer.body());
  }

  /** Calls until the instance answers 200 (the follower joins and learns the leader). */
  Answer awaitOk(String base, String path, String body) throws Exception {
    Answer[] answer = new Answer[1];
    Poll.until(
        120,
        0,
        () ->
            (answer[0] = answer(base, path, body, "Concoord-Client-Id: 1", "Concoord-Seq: 1"))
                    .status()
                == 200);
    assertEquals(200, answer[0].status(), answer[0].body());
    return answer[0];
  }

  static String[] concat(String[] a, String[] b) {
    String[] out = new String[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
