package org.concoord.runtime.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.concoord.client.Relay;
import org.concoord.client.tls.Identity;
import org.concoord.core.command.ObjectNames;
import org.concoord.runtime.HttpListeners;

/**
 * A replica's HTTP/JSON API: {@code POST /v1/objects/{name}/{method}} (a JSON array of arguments
 * in, the JSON result out), {@code GET /v1/objects/{name}} (the methods, JSON Schema), {@code GET
 * /v1/watch/{name}/{method}} (a watch as server-sent events, {@link WatchStreams}) and {@code GET
 * /v1/openapi.json}. The instance's default object is named {@value #DEFAULT_OBJECT}; any other
 * name is a named object (issue 18), which may hold '/'.
 *
 * <p>On the JDK's {@code com.sun.net.httpserver}, as the admin listener: maintained with the JDK,
 * HTTP/1.1 keep-alive, HTTPS with client authentication from the instance's {@code SSLContext}, no
 * new dependency. Calls go to the leader through a {@link Relay} (forwarding, not redirecting: see
 * docs/architecture.md). Bounded: body bytes, connections, threads, outstanding requests, the long
 * poll.
 */
public final class HttpApi implements AutoCloseable {
  /** The name of the object an instance hosts (the only one until issue 18, named objects). */
  public static final String DEFAULT_OBJECT = "default";

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final int SPARE_THREADS = 16;

  private final HttpServer server;
  private final ThreadPoolExecutor executor;
  private final ObjectCalls calls;
  private final WatchStreams watches;
  private final byte[] description;
  private final byte[] openApi;
  private final Class<?> objectClass;

  private HttpApi(HttpServer server, HttpApiConfig config, ObjectMethods methods, Relay relay) {
    this.server = server;
    this.objectClass = methods.objectClass();
    // A few threads over the bound answer 503 at once instead of serving (ObjectCalls counts).
    this.executor =
        new ThreadPoolExecutor(
            4,
            config.threadsMax() + SPARE_THREADS,
            60,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            run -> {
              Thread thread = new Thread(run, "concoord-http");
              thread.setDaemon(true);
              return thread;
            });
    this.calls = new ObjectCalls(config, methods, relay);
    this.watches = new WatchStreams(relay, config.threadsMax() / 2);
    this.description =
        ObjectDescription.describe(DEFAULT_OBJECT, methods)
            .toString()
            .getBytes(StandardCharsets.UTF_8);
    this.openApi =
        ObjectDescription.openApi(DEFAULT_OBJECT, methods)
            .toString()
            .getBytes(StandardCharsets.UTF_8);
    server.setExecutor(executor); // past every thread the JDK server closes the connection
    server.createContext("/", this::route);
  }

  /**
   * Starts listening. The JDK server reads its connection bound once per JVM, so it is set here
   * unless the operator set it ({@code -Djdk.httpserver.maxConnections}); likewise TCP_NODELAY,
   * without which a keep-alive client waits out Nagle's delay on every small answer.
   */
  public static HttpApi start(HttpApiConfig config, Class<?> objectClass, Relay relay)
      throws IOException {
    System.setProperty(
        "jdk.httpserver.maxConnections",
        System.getProperty(
            "jdk.httpserver.maxConnections", Integer.toString(config.connectionsMax())));
    System.setProperty(
        "sun.net.httpserver.nodelay", System.getProperty("sun.net.httpserver.nodelay", "true"));
    HttpServer server = HttpListeners.create(config.bind(), config.tls());
    HttpApi api = new HttpApi(server, config, new ObjectMethods(objectClass), relay);
    server.start();
    return api;
  }

  public InetSocketAddress address() {
    return server.getAddress();
  }

  private void route(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String verb = exchange.getRequestMethod();
      String objects = "/v1/objects/";
      String watch = "/v1/watch/";
      if (path.equals("/v1/openapi.json")) {
        requireGet(exchange, verb, openApi);
      } else if (path.startsWith(watch) && path.lastIndexOf('/') > watch.length()) {
        watch(exchange, verb, path.substring(watch.length()));
      } else if (path.startsWith(objects) && (verb.equals("GET") || verb.equals("HEAD"))) {
        describe(exchange, path.substring(objects.length()));
      } else if (path.startsWith(objects) && path.lastIndexOf('/') > objects.length()) {
        // A name may hold '/' (locks/orders): the method is the last segment.
        String rest = path.substring(objects.length());
        String name = rest.substring(0, rest.lastIndexOf('/'));
        String method = rest.substring(rest.lastIndexOf('/') + 1);
        String object = objectOf(name);
        if (object == null) {
          sendError(exchange, ErrorCode.NOT_FOUND, ObjectNames.problem(name), null);
        } else if (!verb.equals("POST")) {
          exchange.getResponseHeaders().set("Allow", "POST");
          sendError(exchange, ErrorCode.METHOD_NOT_ALLOWED, "call a method with POST", null);
        } else {
          calls.handle(exchange, principal(exchange), object, method);
        }
      } else {
        sendError(
            exchange,
            ErrorCode.NOT_FOUND,
            "no such path: " + path + " (see /v1/openapi.json)",
            null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException | RuntimeException e) {
      // The client went away, or a bug: this request ends here, the server goes on.
    }
  }

  /** {@code GET /v1/watch/{name}/{method}?args=[...]}: a watch as server-sent events. */
  private void watch(HttpExchange exchange, String verb, String rest)
      throws IOException, InterruptedException {
    String name = rest.substring(0, rest.lastIndexOf('/'));
    String method = rest.substring(rest.lastIndexOf('/') + 1);
    String object = objectOf(name);
    if (object == null) {
      sendError(exchange, ErrorCode.NOT_FOUND, ObjectNames.problem(name), null);
    } else if (!verb.equals("GET")) {
      exchange.getResponseHeaders().set("Allow", "GET");
      sendError(exchange, ErrorCode.METHOD_NOT_ALLOWED, "watch with GET", null);
    } else {
      watches.serve(exchange, principal(exchange), object, method);
    }
  }

  /** The object an HTTP name means: "" for {@value #DEFAULT_OBJECT}; null if not a name. */
  static String objectOf(String name) {
    if (name.equals(DEFAULT_OBJECT)) {
      return "";
    }
    return ObjectNames.problem(name) == null ? name : null;
  }

  /**
   * {@code GET /v1/objects/{name}}: the default object's description, built once; a named object's
   * from its class, which the replicas' directory names (asked through the log).
   */
  private void describe(HttpExchange exchange, String name)
      throws IOException, InterruptedException {
    String object = objectOf(name);
    if (object == null) {
      sendError(exchange, ErrorCode.NOT_FOUND, ObjectNames.problem(name), null);
    } else if (object.isEmpty()) {
      send(exchange, 200, description);
    } else {
      calls.describeNamed(exchange, name, objectClass.getClassLoader());
    }
  }

  private static void requireGet(HttpExchange exchange, String verb, byte[] body)
      throws IOException {
    if (verb.equals("GET") || verb.equals("HEAD")) {
      send(exchange, 200, body);
    } else {
      exchange.getResponseHeaders().set("Allow", "GET");
      sendError(exchange, ErrorCode.METHOD_NOT_ALLOWED, "use GET", null);
    }
  }

  /**
   * Who made the request: the identity of the client certificate over HTTPS, null over plain HTTP.
   * Handed to the call, where authorization (issue 16) decides.
   */
  static Identity principal(HttpExchange exchange) {
    if (!(exchange instanceof HttpsExchange https)) {
      return null;
    }
    try {
      Certificate[] chain = https.getSSLSession().getPeerCertificates();
      return chain.length == 0 ? null : Identity.of((X509Certificate) chain[0]);
    } catch (SSLPeerUnverifiedException e) {
      return null;
    }
  }

  static void sendError(HttpExchange exchange, ErrorCode code, String message, String type)
      throws IOException {
    ObjectNode body = JSON.objectNode();
    ObjectNode error = body.putObject("error").put("code", code.code).put("message", message);
    if (type != null) {
      error.put("type", type);
    }
    if (code == ErrorCode.OVERLOADED) {
      exchange.getResponseHeaders().set("Retry-After", "1");
    }
    send(exchange, code.status, body.toString().getBytes(StandardCharsets.UTF_8));
  }

  static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    boolean head = "HEAD".equals(exchange.getRequestMethod());
    exchange.sendResponseHeaders(status, head ? -1 : body.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
