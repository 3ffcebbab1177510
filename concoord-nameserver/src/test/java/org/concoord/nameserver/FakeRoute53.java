package org.concoord.nameserver;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local HTTP endpoint standing in for Route 53 (no AWS endpoint is reachable here): it records
 * every request (method, path, Authorization header, body) and answers ChangeResourceRecordSets as
 * Route 53 does, or with an error status when told to.
 */
public final class FakeRoute53 implements AutoCloseable {
  /** One request as received. */
  public record Request(String method, String path, String authorization, String body) {}

  static final String OK =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          + "<ChangeResourceRecordSetsResponse xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\">"
          + "<ChangeInfo><Id>/change/C0123</Id><Status>PENDING</Status>"
          + "<SubmittedAt>2026-11-25T00:00:00.000Z</SubmittedAt></ChangeInfo>"
          + "</ChangeResourceRecordSetsResponse>";

  private final HttpServer server;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private volatile int status = 200;

  public FakeRoute53() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.createContext(
        "/",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          requests.add(
              new Request(
                  exchange.getRequestMethod(),
                  exchange.getRequestURI().getPath(),
                  exchange.getRequestHeaders().getFirst("Authorization"),
                  body));
          byte[] reply =
              (status == 200
                      ? OK
                      : "<ErrorResponse><Error><Type>Sender</Type>"
                          + "<Code>InvalidChangeBatch</Code><Message>refused by the test</Message></Error>"
                          + "</ErrorResponse>")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "text/xml");
          exchange.sendResponseHeaders(status, reply.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(reply);
          }
        });
    server.start();
  }

  public String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  /** Answers every later request with {@code status} (200: success). */
  public void answer(int status) {
    this.status = status;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
