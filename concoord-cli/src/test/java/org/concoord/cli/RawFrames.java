package org.concoord.cli;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.concoord.client.tls.TlsCredentials;
import org.concoord.core.codec.Decoded;
import org.concoord.core.codec.MessageCodec;
import org.concoord.core.command.Call;
import org.concoord.core.command.ClientCommand;
import org.concoord.core.message.ClientRequest;
import org.concoord.core.message.Message;
import org.concoord.core.message.StatusRequest;
import org.concoord.core.value.ValueCodec;

/**
 * Frames written and read on raw sockets, plain or TLS, as an attacker or a hand-made client would:
 * the security, ports and rotation tests' way past the client library.
 */
final class RawFrames {
  private RawFrames() {}

  /** TLS 1.3 over {@code plain}; the handshake may still be refused afterwards. */
  static Socket handshake(Socket plain, SSLContext context) throws IOException {
    SSLSocket socket =
        (SSLSocket)
            context
                .getSocketFactory()
                .createSocket(
                    plain, plain.getInetAddress().getHostAddress(), plain.getPort(), true);
    SSLParameters parameters = socket.getSSLParameters();
    parameters.setProtocols(new String[] {"TLSv1.3"});
    socket.setSSLParameters(parameters);
    socket.setSoTimeout(60_000);
    try {
      socket.startHandshake();
    } catch (IOException refused) {
      // refused during the handshake: the writes and the read below see the closed connection
    }
    return socket;
  }

  /** A TLS 1.3 connection to {@code node} as {@code client}, handshake done. */
  static SSLSocket secureTo(TlsCredentials client, String node) throws IOException {
    return secureTo(client.context(), node);
  }

  /** A TLS 1.3 connection to {@code node} with {@code context}, handshake done. */
  static SSLSocket secureTo(SSLContext context, String node) throws IOException {
    InetSocketAddress address = org.concoord.runtime.Addresses.parse(node);
    Socket plain = new Socket();
    plain.connect(address, 10_000);
    SSLSocket socket =
        (SSLSocket)
            context
                .getSocketFactory()
                .createSocket(plain, address.getHostString(), address.getPort(), true);
    SSLParameters parameters = socket.getSSLParameters();
    parameters.setProtocols(new String[] {"TLSv1.3"});
    socket.setSSLParameters(parameters);
    socket.setSoTimeout(30_000);
    socket.startHandshake();
    return socket;
  }

  static javax.net.ssl.TrustManager[] trustOnly(Path ca) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    List<java.security.cert.X509Certificate> all = TlsCredentials.certificates(ca);
    for (int i = 0; i < all.size(); i++) {
      store.setCertificateEntry("ca" + i, all.get(i));
    }
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    return factory.getTrustManagers();
  }

  /** Sends the frames (as far as the node lets it) and sees the node close without answering. */
  static void assertClosed(Socket socket, byte[]... frames) {
    try {
      write(socket, frames);
      write(socket, MessageCodec.encode(new StatusRequest())); // answered if still open
      Message answer = read(socket);
      throw new AssertionError("the node answered " + answer + " instead of closing");
    } catch (IOException closed) {
      // closed, reset or refused by the node: what this test wants
    }
  }

  static void write(Socket socket, byte[]... frames) throws IOException {
    for (byte[] frame : frames) {
      socket.getOutputStream().write(frame);
    }
    socket.getOutputStream().flush();
  }

  /** The next frame; an IOException once the node has closed the connection. */
  static Message read(Socket socket) throws IOException {
    DataInputStream in = new DataInputStream(socket.getInputStream());
    int length = in.readInt(); // EOFException at the end of the stream
    byte[] frame = new byte[4 + length];
    ByteBuffer.wrap(frame).putInt(length);
    in.readFully(frame, 4, length);
    Decoded<Message> decoded = MessageCodec.decode(frame);
    assertInstanceOf(Decoded.Ok.class, decoded);
    return ((Decoded.Ok<Message>) decoded).value();
  }

  static byte[] request(long clientId, long seq, long ackedBelow, String method, String principal) {
    return MessageCodec.encode(
        new ClientRequest(
            new ClientCommand(
                clientId, seq, ackedBelow, new Call(method, ValueCodec.encodeArgs()), principal)));
  }
}
