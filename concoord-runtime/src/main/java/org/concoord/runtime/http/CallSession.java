package org.concoord.runtime.http;

import static org.concoord.runtime.http.ObjectCalls.ACKED_BELOW;
import static org.concoord.runtime.http.ObjectCalls.CLIENT_ID;
import static org.concoord.runtime.http.ObjectCalls.SEQ;

import com.sun.net.httpserver.HttpExchange;
import java.security.SecureRandom;

/**
 * The session an HTTP call belongs to: the one its headers name ({@code Concoord-Client-Id}, {@code
 * Concoord-Seq}, optionally {@code Concoord-Acked-Below}) or, without them, a fresh one-call
 * session of a random non-zero id. Bad headers are an {@link IllegalArgumentException} saying what
 * is wrong.
 */
record CallSession(long clientId, long seq, long ackedBelow) {
  private static final SecureRandom IDS = new SecureRandom();

  /** The session of {@code exchange}'s headers, or a fresh one if it names none. */
  static CallSession of(HttpExchange exchange) {
    String id = exchange.getRequestHeaders().getFirst(CLIENT_ID);
    String seq = exchange.getRequestHeaders().getFirst(SEQ);
    String acked = exchange.getRequestHeaders().getFirst(ACKED_BELOW);
    if (id == null && seq == null) {
      if (acked != null) {
        throw new IllegalArgumentException(ACKED_BELOW + " needs " + CLIENT_ID + " and " + SEQ);
      }
      return fresh();
    }
    if (id == null || seq == null) {
      throw new IllegalArgumentException(
          "send both " + CLIENT_ID + " and " + SEQ + " (exactly-once) or neither (at-most-once)");
    }
    long clientId = number(CLIENT_ID, id);
    long s = number(SEQ, seq);
    long below = acked == null ? 1 : number(ACKED_BELOW, acked);
    if (clientId == 0 || s < 1 || below < 0 || below > s) {
      throw new IllegalArgumentException(
          CLIENT_ID
              + " must be non-zero, "
              + SEQ
              + " >= 1 and "
              + "0 <= "
              + ACKED_BELOW
              + " <= "
              + SEQ);
    }
    return new CallSession(clientId, s, below);
  }

  /** A fresh one-call session. */
  static CallSession fresh() {
    long id;
    do {
      id = IDS.nextLong();
    } while (id == 0);
    return new CallSession(id, 1, 1);
  }

  private static long number(String header, String text) {
    try {
      return Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          header + " must be a decimal 64-bit integer, got '" + text + "'");
    }
  }
}
