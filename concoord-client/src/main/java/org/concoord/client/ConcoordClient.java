package org.concoord.client;

import java.lang.reflect.Type;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.concoord.core.command.Call;
import org.concoord.core.command.ObjectNames;
import org.concoord.core.command.ReadMode;
import org.concoord.core.message.ClientReply;
import org.concoord.core.message.WatchRequest;
import org.concoord.core.value.ValueCodec;

/**
 * A connection to a ConCoord instance: calls methods of its replicated object, each executed
 * exactly once, in the order the leader decides.
 *
 * <pre>
 * try (ConcoordClient client = ConcoordClient.connect("a:14000,b:14000,c:14000")) {
 *   client.invoke("increment", void.class);
 *   int value = client.invoke("getvalue", int.class);
 * }
 * </pre>
 *
 * <p>Thread-safe: many threads may call at once; their requests are pipelined over one TCP
 * connection, each with its own seq. The client follows the leader, fails over and resends on its
 * own; a call fails only when it is refused ({@link ConcoordRejectedException}), when the object
 * threw (the object's exception, or {@link ConcoordRemoteException}), when no node is reachable
 * ({@link ConcoordUnavailableException}) or after the call timeout ({@link
 * ConcoordTimeoutException}). After the last two the outcome is unknown. See {@code
 * docs/client.md}.
 */
public final class ConcoordClient implements AutoCloseable {
  private final ScheduledExecutorService keepalive;
  private final BootstrapResolver resolver;
  private final ClientOptions options;
  private final Link link;
  private final ReplyDecoder decoder;

  /** The object this client's calls go to: "" for the instance's default object. */
  private final String object;

  /** The class this client expects its object to be ("" for any). */
  private final String objectClass;

  /** The watches, shared by the views of one client; their session opened on the first watch. */
  private final ClientWatches watches;

  /** How this view's read-only calls are answered (issue 20). */
  private final ReadMode readMode;

  private ConcoordClient(BootstrapResolver resolver, ClientOptions options) {
    this.keepalive =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "concoord-keepalive");
              thread.setDaemon(true);
              return thread;
            });
    this.resolver = resolver;
    this.options = options;
    this.link = new Link(Invocations.newClientId(), resolver, options);
    this.decoder = new ReplyDecoder();
    this.object = "";
    this.objectClass = "";
    this.watches = new ClientWatches(resolver, options, link.clientId(), decoder);
    this.readMode = options.readMode();
  }

  /** A view of {@code root}'s connection and session whose calls go to another object. */
  private ConcoordClient(
      ConcoordClient root, String object, String objectClass, ReadMode readMode) {
    this.readMode = Objects.requireNonNull(readMode, "readMode");
    this.keepalive = root.keepalive;
    this.resolver = root.resolver;
    this.options = root.options;
    this.link = root.link;
    this.decoder = root.decoder;
    this.object = object;
    this.objectClass = objectClass;
    this.watches = root.watches;
  }

  /**
   * Connects (with {@link ClientOptions#defaults()}) for calls on the object named {@code name} (a
   * path such as {@code locks/orders}), expected to be of {@code objectClass}: created as one on
   * first use if the instance creates objects so, and refused if the name holds another class. The
   * generated proxies' {@code (bootstrap, name)} constructor uses this.
   *
   * @throws ConcoordRejectedException if the name is not a valid object name (nothing is sent)
   */
  public static ConcoordClient connect(String bootstrap, String name, Class<?> objectClass) {
    checkName(name);
    return connect(bootstrap).object(name, objectClass.getName());
  }

  /**
   * A client for calls on the object named {@code name}, of any class (created, on first use, as
   * the instance's own class), sharing this client's connection, session and client id. Closing
   * either closes the connection of both.
   *
   * @throws ConcoordRejectedException if the name is not a valid object name
   */
  public ConcoordClient object(String name) {
    return object(name, "");
  }

  /** As {@link #object(String)}, for an object expected to be of {@code objectClass}. */
  public ConcoordClient object(String name, Class<?> objectClass) {
    return object(name, objectClass.getName());
  }

  /**
   * As {@link #object(String)}, for an object expected to be of the class named {@code className}
   * (a binary name, or a simple name the instance's code has once; "" for any).
   */
  public ConcoordClient object(String name, String className) {
    if (name.isEmpty() && className.isEmpty()) {
      return object.isEmpty() ? this : new ConcoordClient(this, "", "", readMode);
    }
    checkName(name);
    Objects.requireNonNull(className, "className");
    if (className.length() > Call.CLASS_LENGTH_MAX) {
      throw new ConcoordRejectedException(
          "class name of "
              + className.length()
              + " chars, over"
              + " the bound of "
              + Call.CLASS_LENGTH_MAX
              + " (nothing was sent)");
    }
    return new ConcoordClient(this, name, className, readMode);
  }

  /**
   * A view of this client whose read-only calls are answered in {@code mode} (issue 20;
   * docs/client.md, "Read modes"): the same connection, session and object; closing either closes
   * both. Calls that write go through the log whatever the mode.
   */
  public ConcoordClient withReads(ReadMode mode) {
    return mode.equals(readMode) ? this : new ConcoordClient(this, object, objectClass, mode);
  }

  /** How this view's read-only calls are answered. */
  public ReadMode readMode() {
    return readMode;
  }

  /** The instance's named objects: create, delete, describe, list. */
  public ObjectDirectory objects() {
    return new ObjectDirectory(this);
  }

  /** The name of the object this client calls ("" for the instance's default object). */
  public String objectName() {
    return object;
  }

  private static void checkName(String name) {
    Objects.requireNonNull(name, "name");
    String problem = ObjectNames.problem(name);
    if (problem != null) {
      throw new ConcoordRejectedException(problem + " (nothing was sent)");
    }
  }

  /** Connects with {@link ClientOptions#defaults()}. */
  public static ConcoordClient connect(String bootstrap) {
    return connect(bootstrap, ClientOptions.defaults());
  }

  /**
   * Connects to the first reachable node of {@code bootstrap}, a comma-separated {@code host:port}
   * list tried in order from a random start.
   *
   * @throws IllegalArgumentException if the bootstrap is not such a list
   * @throws ConcoordUnavailableException if no node accepts within the connect timeout
   */
  public static ConcoordClient connect(String bootstrap, ClientOptions options) {
    return connect(BootstrapResolver.of(bootstrap), options);
  }

  /** Connects to the nodes {@code resolver} names; the seam for other ways to find nodes. */
  public static ConcoordClient connect(BootstrapResolver resolver, ClientOptions options) {
    ConcoordClient client =
        new ConcoordClient(
            Objects.requireNonNull(resolver, "resolver"),
            Objects.requireNonNull(options, "options"));
    client.link.start();
    client.startKeepalive();
    return client;
  }

  /**
   * Keeps the session alive with a keepalive call every third of the session timeout, on a daemon
   * thread; the call also tells the replicas that timeout. A paused or dead client stops sending
   * them, and its session (locks, permits, parked calls) expires.
   */
  private void startKeepalive() {
    long periodMillis = Math.max(1, options.sessionTimeout().toMillis() / 3);
    long ticks = options.sessionTimeoutTicks();
    keepalive.scheduleAtFixedRate(
        () -> {
          try {
            submit(Call.KEEPALIVE_METHOD, ValueCodec.encodeArgs(ticks));
          } catch (RuntimeException ignored) {
            // closed, or no room: the next period tries again
          }
        },
        periodMillis, // the first call creates the session; keepalives only fill silences
        periodMillis,
        TimeUnit.MILLISECONDS);
  }

  /**
   * Calls {@code method} with {@code args} and waits for the result, decoded as {@code returnType}
   * ({@code void.class} gives null; generic types via {@link TypeRef}). An exception the object
   * threw is rethrown as itself when its class is loadable here, even a checked one that this
   * method does not declare (generated proxies declare it).
   *
   * @throws ConcoordRejectedException if an argument cannot be encoded (nothing is sent), or the
   *     replicas refused the call (unknown method, wrong argument types...)
   * @throws ConcoordRemoteException if the object threw an exception not recreatable here
   * @throws ConcoordTimeoutException after the call timeout; the outcome is unknown
   * @throws ConcoordUnavailableException if no node is reachable; the outcome is unknown
   */
  public <T> T invoke(String method, Type returnType, Object... args) {
    Objects.requireNonNull(returnType, "returnType");
    if (ClientWatches.record(method, returnType, args)) { // a watch's lambda names its call
      @SuppressWarnings("unchecked")
      T zero = (T) ClientWatches.zero(returnType);
      return zero;
    }
    ClientReply reply =
        Invocations.await(link, submit(method, Invocations.encodeArgs(method, args)));
    @SuppressWarnings("unchecked") // the decoder produced a value of the declared type
    T result = (T) decoder.result(method, reply, returnType, Invocations.callerLoader());
    return result;
  }

  /**
   * Like {@link #invoke}, without waiting: the future completes with the result, or exceptionally
   * with what {@code invoke} would throw. Blocks only while this client already has {@link
   * ClientOptions#outstandingMax()} calls outstanding (back-pressure, bounded by the call timeout).
   * Dependent actions run on the common pool, never on the client's reader thread, so they may call
   * this client again.
   */
  public <T> CompletableFuture<T> invokeAsync(String method, Type returnType, Object... args) {
    Objects.requireNonNull(returnType, "returnType");
    PendingCall pending;
    try {
      pending = submit(method, Invocations.encodeArgs(method, args));
    } catch (ConcoordException e) {
      return CompletableFuture.failedFuture(e);
    }
    ClassLoader loader = Invocations.callerLoader(); // the caller's classes, not the pool thread's
    return pending.reply.thenApplyAsync(
        reply -> {
          @SuppressWarnings("unchecked")
          T result = (T) decoder.result(method, reply, returnType, loader);
          return result;
        });
  }

  /**
   * Calls {@code method} with already encoded arguments (a value list, e.g. from {@code
   * Values.argsFromJson}) and returns the encoded result (e.g. for {@code Values.toJson}). An
   * exception the object threw is always a {@link ConcoordRemoteException} here.
   */
  public byte[] invokeRaw(String method, byte[] encodedArgs) {
    Objects.requireNonNull(encodedArgs, "encodedArgs");
    ClientReply reply = Invocations.await(link, submit(method, encodedArgs.clone()));
    return decoder.rawResult(method, reply);
  }

  /**
   * Watches read-only {@code method} with {@code args} of this client's object (issue 21): the
   * listener gets the current value at once, then every new value with the slot it was computed at,
   * decoded as {@code resultType}. Any replica serves it; the watch survives reconnects and leader
   * changes. A method that is not read-only, or that the access policy keeps from this principal,
   * ends the watch at once ({@link WatchListener#onEnded}).
   */
  public <T> Watch watch(
      String method, Type resultType, WatchListener<? super T> listener, Object... args) {
    Objects.requireNonNull(resultType, "resultType");
    Objects.requireNonNull(listener, "listener");
    ClassLoader loader = Invocations.callerLoader();
    return openWatch(
        method,
        Invocations.encodeArgs(method, args),
        WatchRequest.Mode.VALUE,
        0,
        event -> watches.deliverValue(method, resultType, loader, listener, event));
  }

  /**
   * A watch of the call {@code read} makes on a generated proxy ({@code proxy.watch(p ->
   * p.getValue(), listener)} is this): {@code read} runs once, here, without sending anything.
   *
   * @throws IllegalArgumentException if {@code read} makes no call on this client's proxy
   */
  public <T> Watch watch(Supplier<T> read, WatchListener<? super T> listener) {
    Object[] recorded = ClientWatches.recordCall(read);
    return watch((String) recorded[0], (Type) recorded[1], listener, (Object[]) recorded[2]);
  }

  /** A watch with encoded arguments; the values arrive encoded (the value encoding). */
  public Watch watchRaw(String method, byte[] encodedArgs, WatchListener<byte[]> listener) {
    Objects.requireNonNull(listener, "listener");
    return openWatch(
        method,
        encodedArgs.clone(),
        WatchRequest.Mode.VALUE,
        0,
        event -> ClientWatches.deliverRaw(listener, event));
  }

  /**
   * Follows the executed write calls of this client's object after {@code afterSlot} (0: all that
   * the replica retains), in slot order: audit and change data capture. The admin role only.
   */
  public Watch watchWrites(long afterSlot, WriteListener listener) {
    Objects.requireNonNull(listener, "listener");
    return openWatch(
        Call.KEEPALIVE_METHOD,
        new byte[0],
        WatchRequest.Mode.WRITES,
        afterSlot,
        event -> ClientWatches.deliverWrite(listener, event));
  }

  /** Watches open on this client and its views. */
  public int watchCount() {
    return watches.size();
  }

  private Watch openWatch(
      String method, byte[] args, WatchRequest.Mode mode, long fromSlot, WatchSession.Sink sink) {
    return watches.open(Invocations.call(object, objectClass, method, args), mode, fromSlot, sink);
  }

  /** This client's id: random, non-zero, fixed for the life of this instance. */
  public long clientId() {
    return link.clientId();
  }

  /** The bootstrap this client was given, as the user wrote it. */
  public String bootstrap() {
    return resolver.describe();
  }

  public ClientOptions options() {
    return options;
  }

  /**
   * Closes the connection and fails every outstanding call with a {@link ConcoordException}.
   * Idempotent. The outstanding calls' outcomes are unknown.
   */
  @Override
  public void close() {
    watches.close();
    keepalive.shutdownNow();
    link.close();
  }

  /** Starts the call; the reply arrives in its future. */
  private PendingCall submit(String method, byte[] encodedArgs) {
    return link.submit(
        Invocations.call(object, objectClass, method, encodedArgs),
        readMode,
        System.nanoTime() + options.callTimeout().toNanos());
  }

  @Override
  public String toString() {
    return "ConcoordClient["
        + Long.toHexString(clientId())
        + " via "
        + resolver.describe()
        + ", on "
        + link.currentNode()
        + ", "
        + link.outstanding()
        + " outstanding]";
  }
}
