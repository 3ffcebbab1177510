package org.concoord.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.concoord.core.codec.Decoded;
import org.concoord.core.codec.MessageCodec;
import org.concoord.core.command.ClientCommand;
import org.concoord.core.message.ClientReply;
import org.concoord.core.message.ClientRequest;
import org.concoord.core.message.Message;
import org.concoord.core.message.Outcome;
import org.concoord.core.message.Reason;
import org.concoord.core.message.Refusal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The client decides by a refusal's reason code, never by its wording: a node over real TCP answers
 * the call of method "refused" with a scripted REJECTED reply, every other call OK.
 */
class RefusalCodeTest {
  private final List<ClientCommand> received = new CopyOnWriteArrayList<>();
  private ServerSocket listening;
  private Thread serving;

  @AfterEach
  void stop() throws Exception {
    listening.close();
    serving.join(5_000);
  }

  @Test
  void aRewordedSessionExpiryStillExpiresTheSession() throws Exception {
    serve(new Refusal(Reason.SESSION_EXPIRED, "your session is gone (new wording)"));
    try (ConcoordClient client = connect()) {
      client.invoke("first", void.class); // confirms the session
      ConcoordSessionExpiredException e =
          assertThrows(
              ConcoordSessionExpiredException.class, () -> client.invoke("refused", void.class));
      assertEquals(Reason.SESSION_EXPIRED, e.code());
      assertEquals("your session is gone (new wording)", e.reason());
      client.invoke("after", void.class);
    }
    assertEquals(1, command("after").ackedBelow(), "a new session starts unconfirmed");
  }

  @Test
  void theOldWordingUnderAnotherCodeIsNoExpiry() throws Exception {
    serve(new Refusal(Reason.ACCESS_DENIED, "client session expired; start a new session"));
    try (ConcoordClient client = connect()) {
      client.invoke("first", void.class);
      ConcoordRejectedException e =
          assertThrows(ConcoordRejectedException.class, () -> client.invoke("refused", void.class));
      assertFalse(e instanceof ConcoordSessionExpiredException, e.toString());
      assertEquals(Reason.ACCESS_DENIED, e.code());
      client.invoke("after", void.class);
    }
    ClientCommand after = command("after");
    assertEquals(after.seq(), after.ackedBelow(), "the session goes on, confirmed");
  }

  private ConcoordClient connect() {
    return ConcoordClient.connect(
        "127.0.0.1:" + listening.getLocalPort(), ClientOptions.defaults().insecure());
  }

  private ClientCommand command(String method) {
    return received.stream()
        .filter(c -> c.call().method().equals(method))
        .findFirst()
        .orElseThrow();
  }

  private void serve(Refusal refusal) throws IOException {
    listening = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
    serving =
        new Thread(
            () -> {
              try (Socket socket = listening.accept()) {
                DataInputStream in = new DataInputStream(socket.getInputStream());
                OutputStream out = socket.getOutputStream();
                while (true) {
                  byte[] frame = new byte[4 + in.readInt()];
                  ByteBuffer.wrap(frame).putInt(frame.length - 4);
                  in.readFully(frame, 4, frame.length - 4);
                  if (MessageCodec.decode(frame) instanceof Decoded.Ok<Message> ok
                      && ok.value() instanceof ClientRequest request) {
                    ClientCommand call = request.command();
                    received.add(call);
                    boolean refused = call.call().method().equals("refused");
                    out.write(
                        MessageCodec.encode(
                            new ClientReply(
                                call.clientId(),
                                call.seq(),
                                refused ? Outcome.REJECTED : Outcome.OK,
                                refused ? refusal.encode() : new byte[0],
                                null)));
                    out.flush();
                  }
                }
              } catch (IOException closed) {
                // the client closed, or the test stopped the node
              }
            },
            "refusal-code-node");
    serving.setDaemon(true);
    serving.start();
  }
}
