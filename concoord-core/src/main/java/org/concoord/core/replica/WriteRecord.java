package org.concoord.core.replica;

import java.util.List;
import org.concoord.core.value.ValueCodec;

/**
 * One executed write as a write stream sends it ({@code [method, args, outcome code, result,
 * principal, client id]}), encoded only when a stream asks for it: every write is kept in the
 * {@link WriteHistory}, but most are never watched, and encoding each one cost a loaded leader
 * about a tenth of its time (docs/performance.md, "The wave's cost, found and paid back").
 *
 * <p>Not thread-safe. Does no I/O. Reads no clock.
 */
final class WriteRecord {
  /** What the list around the parts costs in the encoding, about. */
  private static final int FRAMING_BYTES = 32;

  private final String method;
  private final byte[] args;
  private final long outcomeCode;
  private final byte[] result;
  private final String principal;
  private final long clientId;
  private byte[] encoded;

  WriteRecord(
      String method,
      byte[] args,
      long outcomeCode,
      byte[] result,
      String principal,
      long clientId) {
    this.method = method;
    this.args = args;
    this.outcomeCode = outcomeCode;
    this.result = result;
    this.principal = principal;
    this.clientId = clientId;
  }

  /** The bytes the record holds, about (the history is bounded by it). */
  long bytes() {
    return bytes(method, args, result, principal);
  }

  /** The bytes a record of these parts holds, about. */
  static long bytes(String method, byte[] args, byte[] result, String principal) {
    return FRAMING_BYTES
        + 2L * method.length()
        + args.length
        + result.length
        + 2L * principal.length();
  }

  String method() {
    return method;
  }

  byte[] args() {
    return args;
  }

  long outcomeCode() {
    return outcomeCode;
  }

  byte[] result() {
    return result;
  }

  String principal() {
    return principal;
  }

  long clientId() {
    return clientId;
  }

  /** The record as a stream sends it, encoded once. */
  byte[] encoded() {
    if (encoded == null) {
      encoded = ValueCodec.encode(List.of(method, args, outcomeCode, result, principal, clientId));
    }
    return encoded;
  }
}
