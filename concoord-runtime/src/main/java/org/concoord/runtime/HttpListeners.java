package org.concoord.runtime;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The JDK HTTP server as a node's HTTP listeners use it (the admin listener, the HTTP/JSON API):
 * plaintext, or HTTPS with TLS 1.3 only and a client certificate required (the instance CA's, as
 * {@code tls} trusts), the same terms as the node's client port.
 */
public final class HttpListeners {
  private HttpListeners() {}

  /** An unstarted server bound to {@code bind}; {@code tls} null for plaintext. */
  public static HttpServer create(InetSocketAddress bind, SSLContext tls) throws IOException {
    if (tls == null) {
      return HttpServer.create(bind, 0);
    }
    HttpsServer https = HttpsServer.create(bind, 0);
    https.setHttpsConfigurator(
        new HttpsConfigurator(tls) {
          @Override
          public void configure(HttpsParameters params) {
            SSLParameters parameters = tls.getDefaultSSLParameters();
            parameters.setProtocols(new String[] {"TLSv1.3"});
            parameters.setNeedClientAuth(true);
            params.setSSLParameters(parameters);
          }
        });
    return https;
  }
}
