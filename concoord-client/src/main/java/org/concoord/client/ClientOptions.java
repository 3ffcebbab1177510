package org.concoord.client;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;
import org.concoord.client.tls.TlsCredentials;
import org.concoord.core.command.ReadMode;

/**
 * Timeouts and bounds of one client. Every wait the client does is bounded by one of these.
 *
 * @param connectTimeout how long one pass over the bootstrap may take to get a TCP connection to
 *     some node (split among the nodes still to try, so one silent node cannot use it all up); if
 *     no node accepts, the client reports {@link ConcoordUnavailableException}
 * @param requestTimeout how long one attempt waits for a reply before the client gives up on that
 *     node, connects to the next one and resends every outstanding request with the same seq (a
 *     parked call, answered BLOCKED, is exempt: it waits for its UNBLOCKED reply)
 * @param callTimeout how long a call may take in all, retries included, before it fails with {@link
 *     ConcoordTimeoutException}; also bounds the wait for room among outstanding requests
 * @param outstandingMax most requests of this client awaiting a final reply at once; a caller
 *     beyond it waits (back-pressure). The default equals the replicas' default bound on
 *     unacknowledged replies per session (4096), so a full pipeline is never refused by them
 * @param sessionTimeout how long the replicas keep this client's session (its locks, permits,
 *     parked calls) after they last heard from it; the client sends a keepalive every third of it.
 *     Measured by the log's clock, so a paused client loses its session, a paused replica does not
 *     make others lose theirs
 * @param readMode how this client's read-only calls are answered unless a proxy or client view says
 *     otherwise ({@link ConcoordClient#withReads}); {@link ReadMode#LINEARIZABLE} by default
 */
public record ClientOptions(
    Duration connectTimeout,
    Duration requestTimeout,
    Duration callTimeout,
    int outstandingMax,
    Duration sessionTimeout,
    InetAddress localAddress,
    TlsCredentials tls,
    ReadMode readMode) {
  public static final Duration SESSION_TIMEOUT_DEFAULT = Duration.ofSeconds(10);

  /** The runtime's tick, the unit of the replicated clock that session expiry is measured in. */
  public static final long TICK_MILLIS = 10;

  public static final Duration CONNECT_TIMEOUT_DEFAULT = Duration.ofSeconds(10);
  public static final Duration REQUEST_TIMEOUT_DEFAULT = Duration.ofSeconds(2);

  /** Generous: an election after a leader crash takes well under a second at default ticks. */
  public static final Duration CALL_TIMEOUT_DEFAULT = Duration.ofSeconds(60);

  public static final int OUTSTANDING_MAX_DEFAULT = 4096;

  public ClientOptions {
    Objects.requireNonNull(readMode, "readMode");
    positive("connectTimeout", connectTimeout);
    positive("requestTimeout", requestTimeout);
    positive("callTimeout", callTimeout);
    positive("sessionTimeout", sessionTimeout);
    if (outstandingMax < 1) {
      throw new IllegalArgumentException("outstandingMax must be >= 1: " + outstandingMax);
    }
  }

  public ClientOptions(
      Duration connectTimeout, Duration requestTimeout, Duration callTimeout, int outstandingMax) {
    this(connectTimeout, requestTimeout, callTimeout, outstandingMax, SESSION_TIMEOUT_DEFAULT);
  }

  public ClientOptions(
      Duration connectTimeout,
      Duration requestTimeout,
      Duration callTimeout,
      int outstandingMax,
      Duration sessionTimeout) {
    this(connectTimeout, requestTimeout, callTimeout, outstandingMax, sessionTimeout, null);
  }

  public ClientOptions(
      Duration connectTimeout,
      Duration requestTimeout,
      Duration callTimeout,
      int outstandingMax,
      Duration sessionTimeout,
      InetAddress localAddress) {
    this(
        connectTimeout,
        requestTimeout,
        callTimeout,
        outstandingMax,
        sessionTimeout,
        localAddress,
        TlsCredentials.discover(),
        ReadMode.LINEARIZABLE);
  }

  /** TLS with these credentials; null for plaintext (an instance started with --insecure). */
  public ClientOptions withTls(TlsCredentials credentials) {
    return new ClientOptions(
        connectTimeout,
        requestTimeout,
        callTimeout,
        outstandingMax,
        sessionTimeout,
        localAddress,
        credentials,
        readMode);
  }

  /** Plaintext: for an instance started with {@code --insecure}. */
  public ClientOptions insecure() {
    return withTls(null);
  }

  public static ClientOptions defaults() {
    return new ClientOptions(
        CONNECT_TIMEOUT_DEFAULT,
        REQUEST_TIMEOUT_DEFAULT,
        CALL_TIMEOUT_DEFAULT,
        OUTSTANDING_MAX_DEFAULT,
        SESSION_TIMEOUT_DEFAULT);
  }

  public ClientOptions withConnectTimeout(Duration timeout) {
    return new ClientOptions(
        timeout,
        requestTimeout,
        callTimeout,
        outstandingMax,
        sessionTimeout,
        localAddress,
        tls,
        readMode);
  }

  public ClientOptions withRequestTimeout(Duration timeout) {
    return new ClientOptions(
        connectTimeout,
        timeout,
        callTimeout,
        outstandingMax,
        sessionTimeout,
        localAddress,
        tls,
        readMode);
  }

  public ClientOptions withCallTimeout(Duration timeout) {
    return new ClientOptions(
        connectTimeout,
        requestTimeout,
        timeout,
        outstandingMax,
        sessionTimeout,
        localAddress,
        tls,
        readMode);
  }

  public ClientOptions withOutstandingMax(int max) {
    return new ClientOptions(
        connectTimeout,
        requestTimeout,
        callTimeout,
        max,
        sessionTimeout,
        localAddress,
        tls,
        readMode);
  }

  public ClientOptions withSessionTimeout(Duration timeout) {
    return new ClientOptions(
        connectTimeout,
        requestTimeout,
        callTimeout,
        outstandingMax,
        timeout,
        localAddress,
        tls,
        readMode);
  }

  /**
   * Connections leave from {@code address} (null: the system's choice), for a client that must
   * appear as one host among several on one machine (tests that cut the network between them).
   */
  public ClientOptions withLocalAddress(InetAddress address) {
    return new ClientOptions(
        connectTimeout,
        requestTimeout,
        callTimeout,
        outstandingMax,
        sessionTimeout,
        address,
        tls,
        readMode);
  }

  /**
   * Read-only calls answered in {@code mode} (issue 20): {@link ReadMode#LINEARIZABLE} (the
   * default), {@link ReadMode#LEASE}, {@link ReadMode#SEQUENTIAL} or {@link
   * ReadMode#bounded(long)}. Calls that write go through the log whatever the mode.
   */
  public ClientOptions withReads(ReadMode mode) {
    return new ClientOptions(
        connectTimeout,
        requestTimeout,
        callTimeout,
        outstandingMax,
        sessionTimeout,
        localAddress,
        tls,
        mode);
  }

  /** The session timeout in ticks of the replicated clock, as the keepalive carries it. */
  long sessionTimeoutTicks() {
    return Math.max(1, sessionTimeout.toMillis() / TICK_MILLIS);
  }

  private static void positive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
    if (value.compareTo(Duration.ofDays(1)) > 0) {
      // Nanosecond arithmetic on deadlines must not overflow; a day is already no bound at all.
      throw new IllegalArgumentException(name + " must be at most a day: " + value);
    }
  }
}
