package org.concoord.codegen.safety;

import static org.concoord.codegen.safety.CallPattern.any;
import static org.concoord.codegen.safety.CallPattern.call;
import static org.concoord.codegen.safety.CallPattern.calls;

import java.util.ArrayList;
import java.util.List;

/** Calls that read a clock or draw random numbers: each replica would get a different value. */
final class ClockAndRandomCalls {
  private ClockAndRandomCalls() {}

  static List<CallPattern> clock() {
    Category c = Category.CLOCK;
    List<CallPattern> patterns = new ArrayList<>();
    patterns.addAll(calls(c, "java/lang/System", "currentTimeMillis", "nanoTime"));
    patterns.add(call(c, "java/time/*", "now")); // Instant.now(), LocalDate.now(zone), ...
    patterns.add(any(c, "java/time/Clock"));
    patterns.add(any(c, "java/time/InstantSource"));
    patterns.add(call(c, "java/util/Date", "<init>", "()V")); // new Date(millis) is a value
    patterns.add(call(c, "java/util/Calendar", "getInstance"));
    patterns.add(call(c, "java/util/GregorianCalendar", "<init>", "()V"));
    patterns.add(any(c, "java/lang/management/*")); // uptime, CPU time
    return patterns;
  }

  static List<CallPattern> random() {
    Category c = Category.RANDOM;
    List<CallPattern> patterns = new ArrayList<>();
    patterns.add(any(c, "java/util/Random"));
    patterns.add(any(c, "java/util/SplittableRandom"));
    patterns.add(any(c, "java/util/concurrent/ThreadLocalRandom"));
    patterns.add(any(c, "java/security/SecureRandom"));
    patterns.add(any(c, "java/util/random/*"));
    patterns.add(call(c, "java/util/UUID", "randomUUID"));
    patterns.add(call(c, "java/lang/Math", "random"));
    patterns.add(call(c, "java/lang/StrictMath", "random"));
    patterns.add(call(c, "java/util/Collections", "shuffle", "(Ljava/util/List;)V"));
    return patterns;
  }
}
