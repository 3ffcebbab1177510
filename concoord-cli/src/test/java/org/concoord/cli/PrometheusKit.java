package org.concoord.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.concoord.runtime.Addresses;

/**
 * A real Prometheus server (Debian's {@code prometheus}) on a port and data directory of its own,
 * scraping the given admin listeners, and its HTTP API. Started through a {@link ProcessKit}, so
 * closing the kit kills it.
 */
final class PrometheusKit {
  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  static final ObjectMapper JSON = new ObjectMapper();

  private final String base;

  private PrometheusKit(String base) {
    this.base = base;
  }

  /** Starts Prometheus scraping {@code targets} (host:port) every {@code scrapeInterval}. */
  static PrometheusKit start(ProcessKit kit, Path dir, List<String> targets, String scrapeInterval)
      throws Exception {
    int port = Addresses.freePort("127.0.0.1");
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(
        config,
        "global:\n  scrape_interval: "
            + scrapeInterval
            + "\n"
            + "  scrape_timeout: "
            + scrapeInterval
            + "\n"
            + "scrape_configs:\n  - job_name: concoord\n    static_configs:\n      - targets: ["
            + targets.stream().map(t -> "'" + t + "'").collect(Collectors.joining(", "))
            + "]\n");
    kit.start(
        "prometheus",
        "prometheus",
        "--config.file=" + config,
        "--storage.tsdb.path=" + Files.createDirectories(dir.resolve("prometheus-data")),
        "--web.listen-address=127.0.0.1:" + port,
        "--log.level=warn");
    PrometheusKit prometheus = new PrometheusKit("http://127.0.0.1:" + port);
    Poll.await(60, 200, () -> "prometheus not ready in 60 s", prometheus::ready);
    return prometheus;
  }

  private boolean ready() {
    try {
      return get("/-/ready").statusCode() == 200;
    } catch (Exception notYet) {
      return false;
    }
  }

  static HttpResponse<String> getUrl(String url) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return getUrl(base + path);
  }

  /** The result vector of an instant query (each element: metric labels and value). */
  JsonNode query(String promql) throws Exception {
    HttpResponse<String> response =
        get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    JsonNode body = JSON.readTree(response.body());
    if (!"success".equals(body.path("status").asText())) {
      throw new AssertionError(promql + ": " + response.body());
    }
    return body.path("data").path("result");
  }

  /** The single value of an instant query that yields one series, or NaN if none. */
  double value(String promql) throws Exception {
    JsonNode result = query(promql);
    return result.size() == 0 ? Double.NaN : result.get(0).path("value").get(1).asDouble();
  }
}
