package org.concoord.runtime.admin;

import java.net.InetSocketAddress;
import javax.net.ssl.SSLContext;

/**
 * How a node's admin listener is set up.
 *
 * @param bind where it listens ({@code --admin-address}, loopback by default, and {@code
 *     --admin-port})
 * @param tls null for plain HTTP; else HTTPS with this context, and clients must present a
 *     certificate it trusts (the instance's, when it is secure)
 * @param readyLagSlotsMax {@code /readyz} fails while the node lags by more slots than this
 */
public record AdminConfig(InetSocketAddress bind, SSLContext tls, long readyLagSlotsMax) {
  /** The default lag bound: ten pipelines' worth of slots. */
  public static final long READY_LAG_SLOTS_DEFAULT = 100;

  public AdminConfig {
    if (readyLagSlotsMax < 0) {
      throw new IllegalArgumentException(
          "the ready lag bound must be >= 0, got " + readyLagSlotsMax);
    }
  }
}
