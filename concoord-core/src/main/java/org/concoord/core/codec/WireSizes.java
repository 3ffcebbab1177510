package org.concoord.core.codec;

import org.concoord.core.PValue;
import org.concoord.core.command.Batch;
import org.concoord.core.command.ClientCommand;
import org.concoord.core.command.Command;
import org.concoord.core.command.Reconfigure;

/**
 * Encoded sizes, computed without encoding, and the bounds that keep every message built from
 * client input within {@link WireFormat#FRAME_LENGTH_MAX}. A command travels inside a batch, the
 * batch inside a Propose, a Decision, a CatchUpReply, an acceptor's log record and a Promise; the
 * largest of those wrappers is a Promise carrying one pvalue (two ballots with the longest node
 * addresses, 1,573 bytes), so a batch may hold {@link #BATCH_BYTES_MAX} bytes and one command
 * {@link #COMMAND_BYTES_MAX}. A client request over that is refused by the replica, not proposed.
 *
 * <p>Stateless. Does no I/O.
 */
public final class WireSizes {
  /** Room left in a frame for what wraps a batch (at most 1,573 bytes, rounded up). */
  public static final int BATCH_WRAPPER_BYTES = 2048;

  /** Most bytes of one encoded batch: it then fits every message and log record that holds it. */
  public static final int BATCH_BYTES_MAX = WireFormat.FRAME_LENGTH_MAX - BATCH_WRAPPER_BYTES;

  /** Bytes of a batch with no commands: its stamp and its count. */
  public static final int BATCH_HEADER_BYTES = 12;

  /** Most bytes of one command in a batch (its kind byte included): a batch of it alone fits. */
  public static final int COMMAND_BYTES_MAX = BATCH_BYTES_MAX - BATCH_HEADER_BYTES;

  /** Room left in a frame for a ClientReply's fields around its payload (at most 791 bytes). */
  public static final int REPLY_WRAPPER_BYTES = 1024;

  /** Most bytes of a reply's payload: the reply then fits a frame. */
  public static final int REPLY_PAYLOAD_BYTES_MAX =
      WireFormat.FRAME_LENGTH_MAX - REPLY_WRAPPER_BYTES;

  private WireSizes() {}

  /** Bytes of {@code command} inside a batch, its kind byte included. */
  public static int command(Command command) {
    if (command instanceof ClientCommand call) {
      return 1 + clientCommand(call);
    }
    Reconfigure change = (Reconfigure) command;
    return 1 + 1 + 1 + 2 + utf8Length(change.node().address());
  }

  /**
   * Bytes of a {@code ClientRequest} frame's body: version, tag and the command, whose principal
   * field is there only when it has one (a client sends none; a relaying node its caller's).
   */
  public static int clientRequest(ClientCommand call) {
    return 2 + clientCommand(call) - (call.principal().isEmpty() ? 2 : 0);
  }

  /** Bytes of a client command's fields (ids, acknowledgment, method, arguments, principal). */
  public static int clientCommand(ClientCommand call) {
    long bytes =
        24L
            + 2
            + utf8Length(call.call().method())
            + 4
            + call.call().args().length
            + 2
            + utf8Length(call.principal());
    if (call.call().isNamed()) {
      bytes += 2 + utf8Length(call.call().object()) + 2 + utf8Length(call.call().objectClass());
    }
    return (int) Math.min(Integer.MAX_VALUE, bytes);
  }

  /** Bytes of {@code batch} as encoded inside a message. */
  public static long batch(Batch batch) {
    long bytes = BATCH_HEADER_BYTES;
    for (Command command : batch.commands()) {
      bytes += command(command);
    }
    return bytes;
  }

  /** Bytes of {@code pvalue} as encoded inside a Promise (ballot, slot, batch). */
  public static long pvalue(PValue pvalue) {
    return 8 + 2 + utf8Length(pvalue.ballot().leader().address()) + 8 + batch(pvalue.batch());
  }

  static int utf8Length(String text) {
    int bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes++;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < text.length()) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }
}
