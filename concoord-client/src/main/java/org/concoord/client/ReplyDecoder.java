package org.concoord.client;

import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.concoord.core.message.ClientReply;
import org.concoord.core.message.Reason;
import org.concoord.core.message.Refusal;
import org.concoord.core.value.TypedCodec;
import org.concoord.core.value.ValueCodec;
import org.concoord.core.value.ValueException;

/**
 * Turns a final reply into what the caller gets: the result decoded by the declared return type
 * (never by anything the bytes name), or the exception to throw. An EXCEPTION reply names the
 * object's exception class; it is recreated only if that class is loadable by the caller's class
 * loader, is a Throwable and has a public (String) constructor. Otherwise the caller gets a {@link
 * ConcoordRemoteException} with the name and message.
 *
 * <p>Thread-safe. The codec cache is bounded: result types come from code, so it holds few.
 */
final class ReplyDecoder {
  private static final int CODECS_MAX = 1024;

  private final Map<Type, TypedCodec> codecs = new ConcurrentHashMap<>();

  /**
   * The result of {@code reply} as a {@code returnType}; throws what the call threw, sneakily if it
   * is checked (a generated proxy declares it; the compiler cannot see it here).
   */
  Object result(String method, ClientReply reply, Type returnType, ClassLoader loader) {
    switch (reply.outcome()) {
      case OK, UNBLOCKED -> {
        return decode(method, reply.payload(), returnType);
      }
      case EXCEPTION -> throw sneaky(userException(method, reply.payload(), loader));
      case REJECTED -> throw rejected(Refusal.decode(reply.payload()));
      default -> throw unexpected(method, reply);
    }
  }

  /**
   * The encoded result of {@code reply}. An object's exception is always a {@link
   * ConcoordRemoteException} here: a raw caller (the command line) has no types to recreate.
   */
  byte[] rawResult(String method, ClientReply reply) {
    switch (reply.outcome()) {
      case OK, UNBLOCKED -> {
        return reply.payload();
      }
      case EXCEPTION -> {
        List<String> remote = remoteException(method, reply.payload());
        throw new ConcoordRemoteException(remote.get(0), remote.get(1));
      }
      case REJECTED -> throw rejected(Refusal.decode(reply.payload()));
      default -> throw unexpected(method, reply);
    }
  }

  private Object decode(String method, byte[] payload, Type type) {
    if (type == void.class || type == Void.class) {
      return null;
    }
    try {
      return codec(type).decode(payload);
    } catch (ValueException e) {
      throw new ConcoordException(
          "the result of '"
              + method
              + "' does not decode as "
              + type.getTypeName()
              + ": "
              + e.getMessage()
              + " (does the client's declared return"
              + " type match the object's?)",
          e);
    }
  }

  private TypedCodec codec(Type type) {
    TypedCodec codec = codecs.get(type);
    if (codec == null) {
      codec = TypedCodec.of(type); // a ValueException for an unsupported type reaches decode()
      if (codecs.size() >= CODECS_MAX) {
        codecs.clear();
      }
      codecs.put(type, codec);
    }
    return codec;
  }

  static Throwable userException(String method, byte[] payload, ClassLoader loader) {
    List<String> remote = remoteException(method, payload);
    String type = remote.get(0);
    String message = remote.get(1);
    try {
      Class<?> found = Class.forName(type, false, loader);
      if (!Throwable.class.isAssignableFrom(found) || Modifier.isAbstract(found.getModifiers())) {
        return new ConcoordRemoteException(type, message);
      }
      // Declared, not public: a package-private exception (AccountExistsException next to the
      // object) is still the type the caller's catch names; its class is the caller's own.
      Constructor<? extends Throwable> constructor =
          found.asSubclass(Throwable.class).getDeclaredConstructor(String.class);
      if (!constructor.trySetAccessible()) {
        return new ConcoordRemoteException(type, message);
      }
      return constructor.newInstance(message);
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      // Not here, no (String) constructor, or the constructor itself failed: report it by name.
      return new ConcoordRemoteException(type, message);
    }
  }

  /** [class name, message or null] from an EXCEPTION payload. */
  private static List<String> remoteException(String method, byte[] payload) {
    Object decoded;
    try {
      decoded = ValueCodec.decode(payload);
    } catch (ValueException e) {
      throw new ConcoordException(
          "EXCEPTION reply to '" + method + "' has a malformed payload: " + e.getMessage(), e);
    }
    if (decoded instanceof List<?> list
        && list.size() == 2
        && list.get(0) instanceof String type
        && !type.isEmpty()
        && (list.get(1) == null || list.get(1) instanceof String)) {
      return java.util.Arrays.asList(type, (String) list.get(1));
    }
    throw new ConcoordException(
        "EXCEPTION reply to '" + method + "' is not [class name, message]: " + decoded);
  }

  private static ConcoordException unexpected(String method, ClientReply reply) {
    return new ConcoordException(
        "unexpected final outcome " + reply.outcome() + " for '" + method + "'");
  }

  @SuppressWarnings("unchecked") // the erasure lets a checked exception through undeclared
  static <E extends Throwable> RuntimeException sneaky(Throwable error) throws E {
    throw (E) error;
  }

  /** A refusal; a session expiry gets its own type, so a lock holder can tell it lost the lock. */
  private static ConcoordRejectedException rejected(Refusal refusal) {
    return refusal.reason() == Reason.SESSION_EXPIRED
        ? new ConcoordSessionExpiredException(refusal.message())
        : new ConcoordRejectedException(refusal.reason(), refusal.message());
  }
}
