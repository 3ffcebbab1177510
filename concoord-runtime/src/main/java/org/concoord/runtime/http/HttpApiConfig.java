package org.concoord.runtime.http;

import java.net.InetSocketAddress;
import javax.net.ssl.SSLContext;

/**
 * How a replica's HTTP API is set up.
 *
 * @param bind where it listens ({@code --http-address}, {@code --http-port})
 * @param tls null for plain HTTP (only with {@code --insecure}); else HTTPS with this context and a
 *     client certificate of the instance CA required, as on the client port
 * @param bodyBytesMax a request body over this is refused (413) before it is read whole
 * @param connectionsMax open HTTP connections at most (the JDK server's {@code
 *     jdk.httpserver.maxConnections}; one value per JVM)
 * @param threadsMax requests served at once (a long poll holds one); past it a new connection's
 *     request is refused by closing it
 * @param waitMillisMax the longest long poll a request may ask for
 * @param pendingMax requests outstanding towards the leader at most (429 past it)
 */
public record HttpApiConfig(
    InetSocketAddress bind,
    SSLContext tls,
    int bodyBytesMax,
    int connectionsMax,
    int threadsMax,
    long waitMillisMax,
    int pendingMax) {
  public static final int BODY_BYTES_DEFAULT = 1 << 20;
  public static final int CONNECTIONS_DEFAULT = 1024;
  public static final int THREADS_DEFAULT = 256;
  public static final long WAIT_MILLIS_DEFAULT = 30_000;
  public static final long WAIT_MILLIS_MAX = 60_000;
  public static final int PENDING_DEFAULT = 4096;

  public HttpApiConfig {
    if (bodyBytesMax < 2
        || connectionsMax < 1
        || threadsMax < 1
        || waitMillisMax < 0
        || pendingMax < 1) {
      throw new IllegalArgumentException("HTTP API bounds must be positive");
    }
  }

  /** The defaults, listening at {@code bind}. */
  public static HttpApiConfig of(InetSocketAddress bind, SSLContext tls) {
    return new HttpApiConfig(
        bind,
        tls,
        BODY_BYTES_DEFAULT,
        CONNECTIONS_DEFAULT,
        THREADS_DEFAULT,
        WAIT_MILLIS_MAX,
        PENDING_DEFAULT);
  }
}
