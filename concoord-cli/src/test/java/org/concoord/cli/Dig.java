package org.concoord.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** The real {@code dig} (Debian dnsutils) against a DNS server on loopback, for the ITs. */
final class Dig {
  private Dig() {}

  /** dig's whole output for {@code query} asked of 127.0.0.1:{@code port}, without recursion. */
  static String run(ProcessKit kit, int port, String... query) throws Exception {
    ProcessKit.Result result = attempt(kit, port, query);
    assertEquals(0, result.exitCode(), String.join(" ", query) + "\n" + result.output());
    return result.output();
  }

  /** One dig, whatever its exit code (9: no server reached, e.g. not listening yet). */
  static ProcessKit.Result attempt(ProcessKit kit, int port, String... query) throws Exception {
    List<String> command = new ArrayList<>(List.of("dig", "@127.0.0.1", "-p",
        Integer.toString(port), "+time=2", "+tries=2", "+norec"));
    command.addAll(List.of(query));
    return kit.run(30, command.toArray(String[]::new));
  }

  /** The records of the answer section, one per line, blanks squeezed. */
  static List<String> answers(String output) {
    List<String> records = new ArrayList<>();
    boolean inAnswer = false;
    for (String line : output.split("\n")) {
      if (line.startsWith(";; ANSWER SECTION")) {
        inAnswer = true;
      } else if (line.isBlank() || line.startsWith(";;")) {
        inAnswer = false;
      } else if (inAnswer) {
        records.add(line.replaceAll("\\s+", " ").trim());
      }
    }
    return records;
  }

  /**
   * Runs dig until it reaches the server and its output satisfies {@code condition}; returns the
   * time it first did.
   */
  static long await(ProcessKit kit, int port, Predicate<String> condition, String what,
      String... query) throws Exception {
    long deadline = System.currentTimeMillis() + 60_000;
    String last = "";
    while (System.currentTimeMillis() < deadline) {
      ProcessKit.Result result = attempt(kit, port, query);
      last = result.output();
      if (result.exitCode() == 0 && condition.test(last)) {
        return System.currentTimeMillis();
      }
      Thread.sleep(20); // bounded polling of a real process
    }
    throw new AssertionError("dig never showed " + what + "; last:\n" + last);
  }
}
