package org.concoord.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Headless Chromium (Debian's {@code chromium}, with the flags that work on this machine and a
 * fresh profile) showing one page, driven through the DevTools protocol over the JDK's WebSocket:
 * evaluate an expression in the page, take a screenshot. Started through a {@link ProcessKit}.
 */
final class ChromiumKit implements AutoCloseable {
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final StringBuilder partial = new StringBuilder();

  private ChromiumKit(String debuggerUrl) throws Exception {
    socket =
        PrometheusKit.HTTP
            .newWebSocketBuilder()
            .buildAsync(
                URI.create(debuggerUrl),
                new WebSocket.Listener() {
                  @Override
                  public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                    partial.append(data);
                    if (last) {
                      onMessage(partial.toString());
                      partial.setLength(0);
                    }
                    ws.request(1);
                    return null;
                  }
                })
            .get(30, TimeUnit.SECONDS);
  }

  /** Opens {@code url} in a new headless Chromium with a profile under {@code dir}. */
  static ChromiumKit open(ProcessKit kit, Path dir, String url) throws Exception {
    Path profile = Files.createDirectories(dir.resolve("chromium-profile"));
    kit.start(
        "chromium",
        "chromium",
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--user-data-dir=" + profile,
        "--remote-debugging-port=0",
        "--window-size=1280,1250",
        url);
    Path portFile = profile.resolve("DevToolsActivePort");
    Poll.await(
        60,
        200,
        () -> "chromium did not open its DevTools port in 60 s",
        () -> Files.exists(portFile) && Files.readAllLines(portFile).size() >= 2);
    int port = Integer.parseInt(Files.readAllLines(portFile).get(0).trim());
    JsonNode[] targets = new JsonNode[1];
    String debuggerUrl =
        Poll.await(
            60,
            200,
            () -> "chromium shows no page: " + targets[0],
            () -> {
              targets[0] =
                  PrometheusKit.JSON.readTree(
                      PrometheusKit.getUrl("http://127.0.0.1:" + port + "/json/list").body());
              String page = null;
              for (JsonNode target : targets[0]) {
                if ("page".equals(target.path("type").asText())) {
                  page = target.path("webSocketDebuggerUrl").asText();
                }
              }
              return page;
            });
    return new ChromiumKit(debuggerUrl);
  }

  private void onMessage(String text) {
    try {
      JsonNode message = PrometheusKit.JSON.readTree(text);
      if (message.has("id")) {
        CompletableFuture<JsonNode> future = pending.remove(message.get("id").asInt());
        if (future != null) {
          future.complete(message);
        }
      }
    } catch (Exception e) {
      // an event we do not follow
    }
  }

  private JsonNode call(String method, ObjectNode params) throws Exception {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonNode> reply = new CompletableFuture<>();
    pending.put(id, reply);
    ObjectNode request = PrometheusKit.JSON.createObjectNode();
    request.put("id", id).put("method", method).set("params", params);
    socket.sendText(request.toString(), true).get(30, TimeUnit.SECONDS);
    JsonNode message = reply.get(30, TimeUnit.SECONDS);
    if (message.has("error")) {
      throw new AssertionError(method + ": " + message.get("error"));
    }
    return message.path("result");
  }

  /** The value of a JavaScript expression in the page, as text ("" for null or undefined). */
  String evaluate(String expression) throws Exception {
    ObjectNode params = PrometheusKit.JSON.createObjectNode();
    params.put("expression", expression).put("returnByValue", true);
    JsonNode value = call("Runtime.evaluate", params).path("result").path("value");
    return value.isMissingNode() || value.isNull() ? "" : value.asText();
  }

  /** Saves a PNG screenshot of the page to {@code file}. */
  void screenshot(Path file) throws Exception {
    ObjectNode params = PrometheusKit.JSON.createObjectNode();
    params.put("format", "png");
    String data = call("Page.captureScreenshot", params).path("data").asText();
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.write(file, Base64.getDecoder().decode(data));
  }

  @Override
  public void close() {
    socket.abort();
  }
}
