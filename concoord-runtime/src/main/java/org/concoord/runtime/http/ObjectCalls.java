package org.concoord.runtime.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.concoord.client.Relay;
import org.concoord.client.tls.Identity;
import org.concoord.core.access.AccessPolicy;
import org.concoord.core.command.Call;
import org.concoord.core.command.ClientCommand;
import org.concoord.core.command.ObjectNames;
import org.concoord.core.message.ClientReply;
import org.concoord.core.message.Outcome;
import org.concoord.core.message.Refusal;
import org.concoord.core.value.ValueCodec;
import org.concoord.core.value.ValueException;
import org.concoord.core.value.Values;

/**
 * {@code POST /v1/objects/{name}/{method}}: checks the call here (method, arguments) so a bad one
 * never takes a slot, then relays it to the leader as the native {@code ClientRequest} of the
 * session the headers name ({@code Concoord-Client-Id}, {@code Concoord-Seq}, optionally {@code
 * Concoord-Acked-Below}) or, without them, of a fresh one-call session; and answers the JSON result
 * or an error with a stable code. A parked call answers 202 after the wait and is resumed by the
 * same id and seq.
 */
final class ObjectCalls {
  static final String CLIENT_ID = "Concoord-Client-Id";
  static final String SEQ = "Concoord-Seq";
  static final String ACKED_BELOW = "Concoord-Acked-Below";
  static final String WAIT = "Concoord-Wait";

  /** The class a call on a named object expects (or, for a create, the class to create). */
  static final String OBJECT_CLASS = "Concoord-Object-Class";

  private static final long DESCRIBE_WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);
  private static final int DESCRIBED_CLASSES_MAX = 256;

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final ObjectMapper JSON_READER = new ObjectMapper();

  private final HttpApiConfig config;
  private final ObjectMethods methods;
  private final Relay relay;
  private final Semaphore serving;
  private final Map<String, ObjectMethods> described = new ConcurrentHashMap<>();

  ObjectCalls(HttpApiConfig config, ObjectMethods methods, Relay relay) {
    this.config = config;
    this.methods = methods;
    this.relay = relay;
    this.serving = new Semaphore(config.threadsMax());
  }

  /** Calls {@code method} of {@code object} ("" for the default object) as the request says. */
  void handle(HttpExchange exchange, Identity principal, String object, String method)
      throws IOException, InterruptedException {
    if (!serving.tryAcquire()) {
      HttpApi.sendError(
          exchange,
          ErrorCode.UNAVAILABLE,
          config.threadsMax()
              + " requests in progress on this replica; try again or another replica",
          null);
      return;
    }
    try {
      serve(exchange, principal, object, method);
    } finally {
      serving.release();
    }
  }

  private void serve(HttpExchange exchange, Identity principal, String object, String method)
      throws IOException, InterruptedException {
    byte[] body = readBody(exchange);
    if (body == null) {
      HttpApi.sendError(
          exchange,
          ErrorCode.TOO_LARGE,
          "the body exceeds " + config.bodyBytesMax() + " bytes",
          null);
      return;
    }
    CallSession session;
    long waitNanos;
    try {
      session = CallSession.of(exchange);
      waitNanos = waitNanos(exchange);
    } catch (IllegalArgumentException e) {
      HttpApi.sendError(exchange, ErrorCode.BAD_HEADER, e.getMessage(), null);
      return;
    }
    exchange.getResponseHeaders().set(CLIENT_ID, Long.toString(session.clientId()));
    exchange.getResponseHeaders().set(SEQ, Long.toString(session.seq()));
    // The default object's class is known here: its calls are checked before anything is sent.
    // A named object's class is the replicas' to know; they check its calls.
    boolean unchecked =
        method.equals(Call.KEEPALIVE_METHOD)
            || !object.isEmpty()
            || ObjectNames.isDirectoryMethod(method);
    byte[] args = checkedArguments(exchange, method, unchecked, body);
    if (args == null) {
      return;
    }
    // Authorization is the replicas': the command carries the caller's principal, which the
    // leader's transport keeps because this node relays it under a node certificate.
    ClientCommand command;
    try {
      String expected = exchange.getRequestHeaders().getFirst(OBJECT_CLASS);
      Call call = Call.on(object, expected == null ? "" : expected.strip(), method, args);
      command =
          new ClientCommand(
              session.clientId(),
              session.seq(),
              session.ackedBelow(),
              call,
              principalName(principal));
    } catch (IllegalArgumentException e) {
      HttpApi.sendError(exchange, ErrorCode.BAD_ARGUMENT, e.getMessage(), null);
      return;
    }
    answer(exchange, relay.call(command, waitNanos));
  }

  /**
   * The encoded arguments of the JSON array {@code body}, checked against {@code method} of the
   * default object unless {@code unchecked}; or null once a bad method or argument is answered.
   */
  private byte[] checkedArguments(
      HttpExchange exchange, String method, boolean unchecked, byte[] body) throws IOException {
    if (!unchecked && methods.named(method) == null) {
      HttpApi.sendError(
          exchange,
          ErrorCode.UNKNOWN_METHOD,
          "unknown method '"
              + method
              + "' of "
              + methods.objectClass().getSimpleName()
              + " (GET /v1/objects/"
              + HttpApi.DEFAULT_OBJECT
              + " lists them)",
          null);
      return null;
    }
    try {
      byte[] args = arguments(new String(body, StandardCharsets.UTF_8));
      String refusal = unchecked ? null : methods.refusal(method, ValueCodec.listSize(args), args);
      if (refusal != null) {
        HttpApi.sendError(exchange, ErrorCode.BAD_ARGUMENT, refusal, null);
        return null;
      }
      return args;
    } catch (ValueException e) {
      HttpApi.sendError(
          exchange,
          ErrorCode.BAD_ARGUMENT,
          "the body must be a JSON array of " + "the arguments: " + e.getMessage(),
          null);
      return null;
    }
  }

  /**
   * {@code GET /v1/objects/{name}} of a named object: asks the directory (through the log, from a
   * one-call session) which class it is, and describes that class, loaded with the instance's code
   * ({@code loader}); the directory's own fields come along under "object".
   */
  void describeNamed(HttpExchange exchange, String name, ClassLoader loader)
      throws IOException, InterruptedException {
    CallSession session = CallSession.fresh();
    Relay.Result result =
        relay.call(
            new ClientCommand(
                session.clientId(),
                1,
                1,
                Call.on(name, "", ObjectNames.DESCRIBE_METHOD, ValueCodec.encodeArgs())),
            DESCRIBE_WAIT_NANOS);
    if (result.status() != Relay.Status.FINAL || result.reply().outcome() != Outcome.OK) {
      answer(exchange, result);
      return;
    }
    Object info = ValueCodec.decode(result.reply().payload());
    String className = info instanceof Map<?, ?> map ? String.valueOf(map.get("class")) : null;
    ObjectMethods methods;
    try {
      methods = described.get(className);
      if (methods == null) {
        methods = new ObjectMethods(Class.forName(className, false, loader));
        if (described.size() < DESCRIBED_CLASSES_MAX) {
          described.put(className, methods);
        }
      }
    } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
      HttpApi.sendError(
          exchange,
          ErrorCode.NOT_FOUND,
          "object '" + name + "' is a " + className + ", which this replica cannot describe: " + e,
          null);
      return;
    }
    ObjectNode body = ObjectDescription.describe(name, methods);
    body.set("object", JSON_READER.readTree(Values.toJson(result.reply().payload())));
    HttpApi.send(exchange, 200, body.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static void answer(HttpExchange exchange, Relay.Result result) throws IOException {
    switch (result.status()) {
      case FULL ->
          HttpApi.sendError(
              exchange,
              ErrorCode.OVERLOADED,
              "this replica relays " + result.why() + "; retry with the same id and seq",
              null);
      case UNAVAILABLE ->
          HttpApi.sendError(
              exchange,
              ErrorCode.UNAVAILABLE,
              "no final answer "
                  + "from a leader ("
                  + result.why()
                  + "); the outcome is unknown: retry with the same "
                  + CLIENT_ID
                  + " and "
                  + SEQ
                  + " to learn it",
              null);
      case PARKED -> {
        ObjectNode body =
            JSON.objectNode()
                .put("pending", true)
                .put(
                    "message",
                    "the call is "
                        + "parked (blocked); ask again with the same "
                        + CLIENT_ID
                        + " and "
                        + SEQ);
        HttpApi.send(exchange, 202, body.toString().getBytes(StandardCharsets.UTF_8));
      }
      case FINAL -> answerFinal(exchange, result.reply());
    }
  }

  private static void answerFinal(HttpExchange exchange, ClientReply reply) throws IOException {
    switch (reply.outcome()) {
      case OK, UNBLOCKED -> {
        byte[] payload = reply.payload();
        String json = payload.length == 0 ? "null" : Values.toJson(payload);
        HttpApi.send(exchange, 200, json.getBytes(StandardCharsets.UTF_8));
      }
      case EXCEPTION -> {
        List<?> thrown = decodeList(reply.payload());
        String type = thrown.size() > 0 ? String.valueOf(thrown.get(0)) : "unknown";
        String message = thrown.size() > 1 ? String.valueOf(thrown.get(1)) : "";
        HttpApi.sendError(exchange, ErrorCode.EXCEPTION, message, type);
      }
      default -> { // REJECTED (NOT_LEADER and BLOCKED never end a relayed call)
        Refusal refusal = Refusal.decode(reply.payload());
        HttpApi.sendError(
            exchange, ErrorCode.ofRejection(refusal.reason()), refusal.message(), null);
      }
    }
  }

  /**
   * The principal an HTTPS caller's certificate names, as the native port names it ({@code NAME},
   * {@code node:HOST:PORT}); empty over plain HTTP, which only an {@code --insecure} node serves.
   */
  static String principalName(Identity identity) {
    if (identity == null) {
      return "";
    }
    return identity.node() ? AccessPolicy.NODE_PREFIX + identity.name() : identity.name();
  }

  private static List<?> decodeList(byte[] payload) {
    try {
      return ValueCodec.decode(payload) instanceof List<?> list ? list : List.of();
    } catch (ValueException e) {
      return List.of();
    }
  }

  /** The encoded argument list of a JSON array body; an empty body is no arguments. */
  static byte[] arguments(String json) {
    String text = json.strip();
    if (text.isEmpty()) {
      text = "[]";
    }
    if (text.charAt(0) != '[') {
      throw new ValueException(
          "got " + (text.length() > 40 ? text.substring(0, 40) + "..." : text));
    }
    return Values.fromJson(text);
  }

  private long waitNanos(HttpExchange exchange) {
    String wait = exchange.getRequestHeaders().getFirst(WAIT);
    long millis =
        wait == null ? HttpApiConfig.WAIT_MILLIS_DEFAULT : Math.round(1000 * decimal(WAIT, wait));
    return TimeUnit.MILLISECONDS.toNanos(Math.max(0, Math.min(millis, config.waitMillisMax())));
  }

  private static double decimal(String header, String text) {
    try {
      double value = Double.parseDouble(text.strip());
      if (!(value >= 0 && value <= 3600)) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(header + " must be seconds (0-3600), got '" + text + "'");
    }
  }

  /** The body, or null if it is longer than the bound (read no further than one byte past). */
  private byte[] readBody(HttpExchange exchange) throws IOException {
    String declared = exchange.getRequestHeaders().getFirst("Content-Length");
    if (declared != null) {
      try {
        if (Long.parseLong(declared.strip()) > config.bodyBytesMax()) {
          return null;
        }
      } catch (NumberFormatException e) {
        return null;
      }
    }
    try (InputStream in = exchange.getRequestBody()) {
      byte[] body = in.readNBytes(config.bodyBytesMax() + 1);
      return body.length > config.bodyBytesMax() ? null : body;
    }
  }
}
