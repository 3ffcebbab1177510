package org.concoord.codegen;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.concoord.codegen.model.MethodModel;
import org.concoord.codegen.model.ObjectModel;
import org.concoord.codegen.model.RefusalException;

/**
 * The methods a proxy must forward: exactly those the object host dispatches (the model's methods:
 * public instance methods of the class and its supertypes except Object's own and those that stay
 * local, one per name and arity, Caller parameters not counted), sorted by name, then arity;
 * checked here at generation time rather than when the first replica starts.
 */
final class ProxyMethods {
  /** Members the proxy declares itself, which a forwarded method must not clash with. */
  private static final List<String> PROXY_OWN = List.of("close(0)", "async(0)");

  private ProxyMethods() {}

  /** The forwarded methods of {@code object}, sorted by name then arity. */
  static List<MethodModel> of(ObjectModel object) {
    List<MethodModel> forwarded = new ArrayList<>();
    for (MethodModel method : object.methods()) {
      check(method, method.name() + "(" + method.arity() + ")");
      forwarded.add(method);
    }
    forwarded.sort(Comparator.comparing(MethodModel::name).thenComparingInt(MethodModel::arity));
    return forwarded;
  }

  private static void check(MethodModel method, String key) {
    if (method.isFinal()) {
      throw new RefusalException(
          method.label()
              + " is final: the proxy"
              + " must override every public method to forward it; remove final",
          method.origin());
    }
    if (PROXY_OWN.contains(key)) {
      throw new RefusalException(
          method.label()
              + " clashes with the"
              + " proxy's own "
              + method.name()
              + "(); rename the method",
          method.origin());
    }
  }
}
