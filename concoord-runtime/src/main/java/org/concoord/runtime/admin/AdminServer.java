package org.concoord.runtime.admin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsExchange;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.concoord.client.tls.Identity;
import org.concoord.core.NodeId;
import org.concoord.core.access.AccessPolicy;
import org.concoord.core.message.Snapshot;
import org.concoord.runtime.HttpListeners;
import org.concoord.runtime.metrics.NodeHealth;
import org.concoord.runtime.metrics.NodeMetrics;
import org.concoord.runtime.status.InstanceStatus;
import org.concoord.runtime.storage.BackupFile;

/**
 * A node's admin listener: {@code /metrics} (Prometheus text format, by the Prometheus client's
 * handler), {@code /livez}, {@code /readyz}, {@code /status} (what {@code concoord status --json}
 * prints), {@code /node} (this node's state as JSON) and the live status page at {@code /}.
 *
 * <p>Built on the JDK's {@code com.sun.net.httpserver} (the server the Prometheus client's own
 * exporter uses): no further dependency, HTTPS with client authentication from an {@link
 * javax.net.ssl.SSLContext}. Its threads are its own (a small pool); it reads only what the node
 * thread publishes ({@link NodeMetrics#health()}), never the role.
 */
public final class AdminServer implements AutoCloseable {
  /** Threads serving requests: a {@code /status} may wait up to 2 s per unreachable node. */
  static final int THREADS = 4;

  /** A node thread that has not ticked for this long is not live. */
  static final long LIVE_TICK_NANOS_MAX = TimeUnit.SECONDS.toNanos(5);

  private final HttpServer server;
  private final ExecutorService executor;
  private final NodeMetrics metrics;
  private final AdminConfig config;
  private final Backups backups;

  /** Where {@code /backup} gets a snapshot: the node's thread ({@code Node#backup}). */
  public interface Backups {
    /** A snapshot for {@code principal}, or a failure saying why not (see {@code Node}). */
    CompletableFuture<Snapshot> backup(String principal);
  }

  private AdminServer(HttpServer server, NodeMetrics metrics, AdminConfig config, Backups backups) {
    this.backups = backups;
    this.server = server;
    this.metrics = metrics;
    this.config = config;
    this.executor =
        Executors.newFixedThreadPool(
            THREADS,
            run -> {
              Thread thread = new Thread(run, "concoord-admin-" + metrics.self());
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(executor);
    exact("/metrics", new MetricsHandler(metrics.registry()));
    exact("/livez", this::live);
    exact("/readyz", this::ready);
    exact("/status", this::status);
    exact("/node", this::node);
    exact("/backup", this::backup);
    server.createContext("/", new PageHandler());
  }

  /**
   * Serves {@code path} itself only: the JDK server matches contexts by prefix, so that {@code
   * /status} would otherwise also answer {@code /status.js}.
   */
  private void exact(String path, HttpHandler handler) {
    server.createContext(
        path,
        exchange -> {
          if (exchange.getRequestURI().getPath().equals(path)) {
            handler.handle(exchange);
          } else {
            new PageHandler().handle(exchange);
          }
        });
  }

  /** Starts listening as {@code config} says; serves {@code metrics}' node. */
  public static AdminServer start(NodeMetrics metrics, AdminConfig config) throws IOException {
    return start(metrics, config, null);
  }

  /** The same, serving {@code /backup} from {@code backups} (null: none, 404). */
  public static AdminServer start(NodeMetrics metrics, AdminConfig config, Backups backups)
      throws IOException {
    HttpServer server = HttpListeners.create(config.bind(), config.tls());
    AdminServer admin = new AdminServer(server, metrics, config, backups);
    server.start();
    return admin;
  }

  /** Where it listens (the port chosen, when asked for port 0). */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  private void live(HttpExchange exchange) throws IOException {
    long since = metrics.sinceTickNanos();
    if (since <= LIVE_TICK_NANOS_MAX) {
      send(exchange, 200, "text/plain", "ok\n");
    } else {
      send(
          exchange,
          503,
          "text/plain",
          "the node thread has not ticked for " + TimeUnit.NANOSECONDS.toMillis(since) + " ms\n");
    }
  }

  private void ready(HttpExchange exchange) throws IOException {
    NodeHealth health = metrics.health();
    String why = health == null ? "starting" : health.notReadyBecause(config.readyLagSlotsMax());
    if (why == null) {
      send(exchange, 200, "text/plain", "ready\n");
    } else {
      send(exchange, 503, "text/plain", "not ready: " + why + "\n");
    }
  }

  private void status(HttpExchange exchange) throws IOException {
    NodeHealth health = metrics.health();
    List<NodeId> bootstrap = new ArrayList<>();
    if (health != null) {
      bootstrap.addAll(health.viewReplicas());
    }
    if (!bootstrap.contains(metrics.self())) {
      bootstrap.add(0, metrics.self());
    }
    InstanceStatus status = InstanceStatus.gather(bootstrap, config.tls(), null);
    if (status == null) {
      send(exchange, 503, "text/plain", "no replica answered: " + bootstrap + "\n");
    } else {
      send(exchange, 200, "application/x-ndjson", status.toJsonLines(Map.of()));
    }
  }

  private void node(HttpExchange exchange) throws IOException {
    NodeHealth health = metrics.health();
    if (health == null) {
      send(exchange, 503, "text/plain", "starting\n");
      return;
    }
    String json = health.toJson(config.readyLagSlotsMax());
    StringBuilder parked = new StringBuilder("{");
    metrics
        .calls()
        .parkedByMethod()
        .forEach(
            (method, count) ->
                parked
                    .append(parked.length() > 1 ? "," : "")
                    .append(org.concoord.runtime.metrics.Json.quote(method))
                    .append(':')
                    .append(count));
    parked.append('}');
    json =
        json.substring(0, json.length() - 1)
            + ",\"committed\":"
            + metrics.committed()
            + ",\"callsDone\":"
            + metrics.calls().callsDone()
            + ",\"callNanosTotal\":"
            + metrics.calls().callNanosTotal()
            + ",\"parked\":"
            + parked
            + ",\"certificateNotAfter\":"
            + metrics.certificateNotAfter()
            + ",\"now\":"
            + System.currentTimeMillis()
            + "}";
    send(exchange, 200, "application/json", json);
  }

  /**
   * {@code GET /backup}: a backup file ({@link BackupFile}) of this replica's state after its last
   * executed slot, for an admin principal of the instance's access policy only (403 otherwise; over
   * plain HTTP, an --insecure node, anyone who reaches the loopback listener).
   */
  private void backup(HttpExchange exchange) throws IOException {
    if (backups == null) {
      send(exchange, 404, "text/plain", "not a replica: no state to back up\n");
      return;
    }
    Snapshot snapshot;
    try {
      snapshot = backups.backup(principal(exchange)).get(BACKUP_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      int code = e.getCause() instanceof SecurityException ? 403 : 503;
      send(exchange, code, "text/plain", e.getCause().getMessage() + "\n");
      return;
    } catch (TimeoutException | InterruptedException e) {
      send(
          exchange,
          503,
          "text/plain",
          "the node thread did not answer within " + BACKUP_WAIT_SECONDS + " s\n");
      return;
    }
    try (exchange) {
      exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
      exchange.getResponseHeaders().set("Cache-Control", "no-store");
      exchange.getResponseHeaders().set("X-Concoord-Slot", Long.toString(snapshot.slot()));
      exchange.sendResponseHeaders(200, 0); // chunked: the object's bytes are not copied
      try (OutputStream out = new java.io.BufferedOutputStream(exchange.getResponseBody())) {
        BackupFile.write(snapshot, out);
      }
    }
  }

  static final int BACKUP_WAIT_SECONDS = 30;

  /** The principal of an HTTPS client's certificate, as the native port names it; "" in plain. */
  private static String principal(HttpExchange exchange) {
    if (!(exchange instanceof HttpsExchange https)) {
      return AccessPolicy.ANONYMOUS;
    }
    try {
      Certificate[] chain = https.getSSLSession().getPeerCertificates();
      if (chain.length == 0) {
        return "?";
      }
      Identity identity = Identity.of((X509Certificate) chain[0]);
      return identity.node() ? AccessPolicy.NODE_PREFIX + identity.name() : identity.name();
    } catch (SSLPeerUnverifiedException e) {
      return "?";
    }
  }

  static void send(HttpExchange exchange, int code, String type, String body) throws IOException {
    send(exchange, code, type, body.getBytes(StandardCharsets.UTF_8));
  }

  static void send(HttpExchange exchange, int code, String type, byte[] body) throws IOException {
    try (exchange) {
      exchange.getResponseHeaders().set("Content-Type", type);
      exchange.getResponseHeaders().set("Cache-Control", "no-store");
      boolean head = "HEAD".equals(exchange.getRequestMethod());
      exchange.sendResponseHeaders(code, head ? -1 : body.length == 0 ? -1 : body.length);
      if (!head && body.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    }
  }

  /** The status page and its assets, from the jar: nothing is fetched at run time. */
  private static final class PageHandler implements HttpHandler {
    private static final String PAGE = "/org/concoord/runtime/admin/";
    private static final String UPLOT = "/META-INF/resources/webjars/uplot/1.6.30/dist/";
    private static final Map<String, String[]> ASSETS =
        Map.of(
            "/", new String[] {PAGE + "index.html", "text/html; charset=utf-8"},
            "/status.js", new String[] {PAGE + "status.js", "text/javascript"},
            "/status.css", new String[] {PAGE + "status.css", "text/css"},
            "/uplot.js", new String[] {UPLOT + "uPlot.iife.min.js", "text/javascript"},
            "/uplot.css", new String[] {UPLOT + "uPlot.min.css", "text/css"});

    @Override
    public void handle(HttpExchange exchange) throws IOException {
      String[] asset = ASSETS.get(exchange.getRequestURI().getPath());
      if (asset == null) {
        send(exchange, 404, "text/plain", "not found\n");
        return;
      }
      try (var in = AdminServer.class.getResourceAsStream(asset[0])) {
        if (in == null) {
          send(exchange, 500, "text/plain", "missing from the jar: " + asset[0] + "\n");
          return;
        }
        send(exchange, 200, asset[1], in.readAllBytes());
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
