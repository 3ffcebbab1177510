package org.concoord.nameserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class ResponseRateLimiterTest {
  static final long SECOND = 1_000_000_000L;

  static int allowed(ResponseRateLimiter limiter, InetAddress source, int tries, long at) {
    int count = 0;
    for (int i = 0; i < tries; i++) {
      if (limiter.allow(source, at)) {
        count++;
      }
    }
    return count;
  }

  @Test
  void oneSourceGetsItsBurstThenItsRateWhileAnotherIsUntouched() throws Exception {
    ResponseRateLimiter limiter = new ResponseRateLimiter(10, 20);
    InetAddress flooder = InetAddress.getByName("127.0.0.1");
    InetAddress other = InetAddress.getByName("127.0.0.2");
    assertEquals(20, allowed(limiter, flooder, 1000, 0));
    assertTrue(limiter.allow(other, 0), "another source is answered");
    assertEquals(5, allowed(limiter, flooder, 1000, SECOND / 2), "half a second: 5 more");
    assertEquals(20, allowed(limiter, flooder, 1000, 100 * SECOND), "refilled up to the burst");
  }

  @Test
  void zeroMeansNoLimitAndTheTableStaysBounded() throws Exception {
    assertEquals(
        1000, allowed(new ResponseRateLimiter(0, 1), InetAddress.getByName("127.0.0.1"), 1000, 0));
    ResponseRateLimiter limiter = new ResponseRateLimiter(1, 1);
    byte[] address = new byte[4];
    for (int i = 0; i < ResponseRateLimiter.SOURCES_MAX + 100; i++) {
      address[0] = 10;
      address[1] = (byte) (i >> 16);
      address[2] = (byte) (i >> 8);
      address[3] = (byte) i;
      limiter.allow(InetAddress.getByAddress(address), 0);
    }
    assertEquals(ResponseRateLimiter.SOURCES_MAX, limiter.sources());
    assertFalse(limiter.allow(InetAddress.getByAddress(address), 0), "the newest is remembered");
  }
}
