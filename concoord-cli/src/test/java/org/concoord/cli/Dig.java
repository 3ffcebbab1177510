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
    List<String> command =
        new ArrayList<>(
            List.of(
                "dig",
                "@127.0.0.1",
                "-p",
                Integer.toString(port),
                "+time=2",
                "+tries=2",
                "+norec"));
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
   * Asks 127.0.0.1:{@code port} in this JVM (dnsjava, a few milliseconds a query, where spawning
   * dig can take hundreds on a loaded machine) until the records of the answer, in dig's text form,
   * satisfy {@code condition}; returns the time they first did. For timing how soon an answer
   * follows a change; the content is then checked with the real dig.
   */
  static long awaitAnswer(
      int port, String name, int type, Predicate<List<String>> condition, String what)
      throws Exception {
    org.xbill.DNS.SimpleResolver resolver =
        new org.xbill.DNS.SimpleResolver(new java.net.InetSocketAddress("127.0.0.1", port));
    resolver.setTimeout(java.time.Duration.ofSeconds(1));
    org.xbill.DNS.Message query =
        org.xbill.DNS.Message.newQuery(
            org.xbill.DNS.Record.newRecord(
                org.xbill.DNS.Name.fromString(name, org.xbill.DNS.Name.root),
                type,
                org.xbill.DNS.DClass.IN));
    List<?>[] last = {List.of()};
    return Poll.await(
        60,
        5,
        () -> "no answer showed " + what + "; last: " + last[0],
        () -> {
          try {
            org.xbill.DNS.Message reply = resolver.send(query);
            List<String> records =
                reply.getSection(org.xbill.DNS.Section.ANSWER).stream()
                    .map(r -> r.toString().replaceAll("\\s+", " "))
                    .toList();
            last[0] = records;
            return condition.test(records) ? System.currentTimeMillis() : null;
          } catch (java.io.IOException notYet) {
            last[0] = List.of(notYet.toString());
            return null;
          }
        });
  }

  /**
   * Runs dig until it reaches the server and its output satisfies {@code condition}; returns the
   * time it first did.
   */
  static long await(
      ProcessKit kit, int port, Predicate<String> condition, String what, String... query)
      throws Exception {
    String[] last = {""};
    return Poll.await(
        60,
        20,
        () -> "dig never showed " + what + "; last:\n" + last[0],
        () -> {
          ProcessKit.Result result = attempt(kit, port, query);
          last[0] = result.output();
          return result.exitCode() == 0 && condition.test(last[0])
              ? System.currentTimeMillis()
              : null;
        });
  }
}
