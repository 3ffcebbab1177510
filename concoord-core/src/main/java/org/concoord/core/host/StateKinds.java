package org.concoord.core.host;

import java.lang.reflect.Constructor;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The kinds of classes {@link StateCheck} tells apart in an object's state: scalar values a
 * snapshot writes as one value, JDK classes (whose fields are not state), the host's own machinery,
 * and classes a snapshot can construct empty. Decided from the class alone.
 */
final class StateKinds {
  /** Classes a snapshot writes as one value. */
  static final Set<Class<?>> SCALARS =
      Set.of(
          String.class,
          Boolean.class,
          Character.class,
          Byte.class,
          Short.class,
          Integer.class,
          Long.class,
          Float.class,
          Double.class,
          BigInteger.class,
          BigDecimal.class,
          Instant.class,
          Duration.class,
          LocalDate.class,
          UUID.class,
          AtomicBoolean.class,
          AtomicInteger.class,
          AtomicLong.class,
          Parked.class);

  private StateKinds() {}

  /** The host's own classes (Caller, ObjectHost...), as opposed to objects that use them. */
  static boolean isHostMachinery(Class<?> c) {
    return c.getPackageName().equals(StateCheck.class.getPackageName())
        && c.getProtectionDomain().getCodeSource()
            == StateCheck.class.getProtectionDomain().getCodeSource();
  }

  static boolean hasNoArgConstructor(Class<?> c) {
    for (Constructor<?> constructor : c.getDeclaredConstructors()) {
      if (constructor.getParameterCount() == 0) {
        return true;
      }
    }
    return false;
  }

  static boolean isJdk(Class<?> c) {
    String name = c.getName();
    return name.startsWith("java.")
        || name.startsWith("javax.")
        || name.startsWith("jdk.")
        || name.startsWith("sun.")
        || name.startsWith("com.sun.");
  }
}
