package org.concoord.codegen;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.concoord.codegen.readonly.ReadOnlyAnalysis;
import org.concoord.codegen.readonly.ReadOnlyVerdict;
import org.concoord.codegen.safety.Category;
import org.concoord.codegen.safety.Finding;
import org.concoord.codegen.safety.SafetyChecker;
import org.concoord.core.host.Caller;
import org.concoord.core.host.HostedMethods;
import org.concoord.core.host.ObjectHost;
import org.concoord.core.value.ArgsDecoder;
import org.concoord.core.value.TypedCodec;
import org.concoord.core.value.ValueException;

/**
 * The one check of a replicated object class, which every door runs alike: {@code concoord object}
 * (all of it with {@code -s}; the hosting and callability parts always, through {@link
 * ProxyGenerator}), a replica loading its object ({@code concoord replica}, refused unless {@code
 * --unchecked}), and the annotation processor of {@code @Replicated}. So an object that passes one
 * passes all, and a refusal reads the same everywhere.
 *
 * <p>In order: the class can be hosted and proxied (public, concrete, extendable, a public
 * no-argument constructor, one method per name and arity); every callable method's parameters and
 * result are values the argument codec carries ({@code core.value}: a method that cannot be called
 * is a finding, not a silent proxy); the bytecode is deterministic and harmless ({@link
 * SafetyChecker}, an allow-list); and then, only if all that passed, because it runs the
 * constructor, the state a snapshot must carry ({@code core.host.StateCheck} through {@link
 * ObjectHost}, whose message names the field, the type and what to do, and a fresh instance's
 * snapshot round trip). Methods marked {@code @ReadOnly} are checked to write nothing ({@link
 * ReadOnlyAnalysis}) once the bytecode passed.
 */
public final class ObjectCheck {
  private ObjectCheck() {}

  /** Every finding for {@code loaded}, over all the class files it was loaded from. */
  public static List<Finding> check(LoadedObject loaded) {
    return check(loaded.objectClass(), loaded.classFiles());
  }

  /**
   * Every finding for {@code objectClass}, whose class files (and those of every class it can load
   * from its jar or directory) are {@code classFiles}, by binary name.
   */
  public static List<Finding> check(Class<?> objectClass, Map<String, byte[]> classFiles) {
    Set<Finding> findings = new TreeSet<>(hostingAndValues(objectClass));
    findings.addAll(SafetyChecker.check(classFiles, objectClass.getName()));
    if (findings.isEmpty()) {
      findings.addAll(readOnlyPromises(objectClass, classFiles));
    }
    if (findings.isEmpty()) {
      findings.addAll(state(objectClass));
    }
    return List.copyOf(findings);
  }

  /**
   * What keeps {@code objectClass} from being hosted or called, without reading bytecode or running
   * any of its code: the part {@link ProxyGenerator} refuses on.
   */
  public static List<Finding> hostingAndValues(Class<?> objectClass) {
    List<Finding> findings = new ArrayList<>();
    String simple = objectClass.getSimpleName();
    String hosting = ProxyGenerator.hostingProblem(objectClass);
    if (hosting != null) {
      findings.add(new Finding(simple, "<class>", 0, hosting, Category.HOSTING));
      return findings;
    }
    Map<String, List<Method>> methods;
    try {
      methods = HostedMethods.of(objectClass);
    } catch (IllegalArgumentException e) {
      findings.add(new Finding(simple, "<class>", 0, e.getMessage(), Category.HOSTING));
      return findings;
    }
    for (List<Method> overloads : methods.values()) {
      for (Method method : overloads) {
        String problem = valueProblem(objectClass, method);
        if (problem != null) {
          findings.add(new Finding(simple, method.getName(), 0, problem, Category.VALUES));
        }
      }
    }
    return findings;
  }

  /**
   * Why clients cannot call {@code method} (a parameter or its result is not a value the codec
   * carries, with what to do), or null if they can. The same decoders the host builds.
   */
  public static String valueProblem(Class<?> objectClass, Method method) {
    List<Type> types = new ArrayList<>();
    List<String> names = new ArrayList<>();
    Type[] generic = method.getGenericParameterTypes();
    Parameter[] parameters = method.getParameters();
    for (int i = 0; i < parameters.length; i++) {
      if (parameters[i].getType() != Caller.class) {
        types.add(generic.length == parameters.length ? generic[i] : parameters[i].getType());
        names.add(parameters[i].isNamePresent() ? parameters[i].getName() : null);
      }
    }
    String label = objectClass.getSimpleName() + "." + method.getName();
    try {
      new ArgsDecoder(label, types, names);
    } catch (ValueException e) {
      return "cannot be called: "
          + e.getMessage()
          + "; make it non-public, or use a supported"
          + " type (see docs/objects-and-proxies.md)";
    }
    try {
      TypedCodec.of(method.getGenericReturnType());
    } catch (ValueException e) {
      return "cannot be called: its result: "
          + e.getMessage()
          + "; make it non-public, or"
          + " return a supported type (see docs/objects-and-proxies.md)";
    }
    return null;
  }

  /** Each method marked {@code @ReadOnly} whose bytecode may write, naming the write. */
  static List<Finding> readOnlyPromises(Class<?> objectClass, Map<String, byte[]> classFiles) {
    List<Finding> findings = new ArrayList<>();
    for (ReadOnlyVerdict verdict : ReadOnlyAnalysis.of(objectClass, classFiles)) {
      if (verdict.marked() && !verdict.readOnly()) {
        findings.add(
            new Finding(
                objectClass.getSimpleName(),
                verdict.method().getName(),
                0,
                "is marked @ReadOnly but " + verdict.why(),
                Category.READ_ONLY));
      }
    }
    return findings;
  }

  /** What a snapshot could not carry, from hosting a fresh instance (runs the constructor). */
  static List<Finding> state(Class<?> objectClass) {
    try {
      new ObjectHost(objectClass);
      return List.of();
    } catch (IllegalArgumentException e) {
      return List.of(
          new Finding(objectClass.getSimpleName(), "<state>", 0, e.getMessage(), Category.STATE));
    } catch (RuntimeException | LinkageError e) {
      return List.of(
          new Finding(
              objectClass.getSimpleName(), "<state>", 0, "hosting it threw " + e, Category.STATE));
    }
  }
}
