package org.concoord.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * deploy/: the Prometheus alert rules pass their own {@code promtool test rules} cases (Debian's
 * prometheus package, installed by .ci/run), and the rules and the Grafana dashboard name only
 * metrics that the runtime exports.
 */
class DeployRulesTest {
  static final Path DEPLOY = ProcessKit.ROOT.resolve("deploy");
  static final Pattern METRIC = Pattern.compile("concoord_[a-z_]+");

  private static ProcessKit.Result promtool(String... args) throws Exception {
    Process process =
        new ProcessBuilder(Stream.concat(Stream.of("promtool"), Stream.of(args)).toList())
            .directory(DEPLOY.resolve("prometheus").toFile())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes());
    return new ProcessKit.Result(process.waitFor(), output);
  }

  @Test
  void alertRulesPassTheirPromtoolTests() throws Exception {
    ProcessKit.Result check = promtool("check", "rules", "concoord-alerts.yml");
    assertEquals(0, check.exitCode(), check.output());
    ProcessKit.Result test = promtool("test", "rules", "concoord-alerts.test.yml");
    assertEquals(0, test.exitCode(), test.output());
    assertTrue(test.output().contains("SUCCESS"), test.output());
  }

  @Test
  void rulesAndDashboardNameOnlyExportedMetrics() throws Exception {
    Set<String> exported = new TreeSet<>();
    try (Stream<Path> sources =
        Files.walk(
            ProcessKit.ROOT.resolve("concoord-runtime/src/main/java/org/concoord/runtime"))) {
      for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
        Matcher names = Pattern.compile("\"(concoord_[a-z_]+)\"").matcher(Files.readString(source));
        while (names.find()) {
          exported.add(names.group(1));
        }
      }
    }
    assertTrue(exported.contains("concoord_server_has_leader"), exported.toString());
    JsonNode dashboard =
        PrometheusKit.JSON.readTree(DEPLOY.resolve("grafana/concoord-dashboard.json").toFile());
    assertTrue(dashboard.path("panels").size() >= 10, "the dashboard has its panels");
    for (Path file :
        new Path[] {
          DEPLOY.resolve("prometheus/concoord-alerts.yml"),
          DEPLOY.resolve("grafana/concoord-dashboard.json")
        }) {
      Matcher used = METRIC.matcher(Files.readString(file));
      while (used.find()) {
        String name = used.group().replaceAll("_(bucket|sum|count)$", "");
        assertTrue(
            exported.contains(name),
            file.getFileName()
                + " names "
                + used.group()
                + ", which the runtime does not export: "
                + exported);
      }
    }
  }
}
