package org.concoord.codegen.readonly;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.concoord.codegen.safety.ClassSource;
import org.concoord.core.host.HostedMethods;
import org.concoord.core.host.ReadOnly;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Infers from bytecode which callable methods of a replicated object are read-only: a method is
 * read-only when nothing it runs, directly or through the methods it calls, writes a field, an
 * array element or a container that existed before the call ({@link MethodWrites} judges one
 * method's own instructions; this class follows the calls). It reads the object's class files and
 * ConCoord's own primitives ({@code org.concoord.core.sync}, {@code Caller} and {@code Parked},
 * whose bytecode is on the class path); the JDK by an allow-list ({@link JdkEffects}). A virtual
 * call on one of the object's types follows the method and every override among the object's
 * classes. Conservative: where it cannot tell, the method writes, which costs only speed (it goes
 * through the log).
 */
public final class ReadOnlyAnalysis {
  /** ConCoord's code an object calls, read from the class path: its primitives and its Caller. */
  private static boolean trusted(String internalName) {
    return internalName.startsWith("org/concoord/core/sync/")
        || internalName.equals("org/concoord/core/host/Caller")
        || internalName.equals("org/concoord/core/host/Parked")
        || internalName.equals("org/concoord/core/host/CallContext");
  }

  private final ClassSource source;
  private final Map<String, ClassNode> trusted = new HashMap<>();
  private final Map<String, MethodWrites.Result> judged = new HashMap<>();
  private final List<String> userClasses;

  private ReadOnlyAnalysis(Map<String, byte[]> classFiles) {
    this.source = ClassSource.of(classFiles);
    this.userClasses = classFiles.keySet().stream().map(ClassSource::internalName).toList();
  }

  /** A verdict for every method a client can call on {@code objectClass}, in hosted order. */
  public static List<ReadOnlyVerdict> of(Class<?> objectClass, Map<String, byte[]> classFiles) {
    ReadOnlyAnalysis analysis = new ReadOnlyAnalysis(classFiles);
    List<ReadOnlyVerdict> verdicts = new ArrayList<>();
    for (List<Method> overloads : HostedMethods.of(objectClass).values()) {
      for (Method method : overloads) {
        String write =
            analysis.firstWrite(
                Type.getInternalName(objectClass),
                method.getName(),
                Type.getMethodDescriptor(method));
        verdicts.add(
            new ReadOnlyVerdict(
                method,
                write == null,
                write == null
                    ? "writes no field, array or container, directly or through the methods it calls"
                    : write,
                method.isAnnotationPresent(ReadOnly.class)));
      }
    }
    return verdicts;
  }

  /**
   * The first write reachable from {@code owner.name descriptor} (a virtual call on the object's
   * class), with the call path to it; null if none.
   */
  private String firstWrite(String owner, String name, String descriptor) {
    Deque<Step> pending = new ArrayDeque<>();
    Set<String> seen = new HashSet<>();
    for (MethodRef target : targets(owner, name, descriptor, true)) {
      pending.add(new Step(target, null));
    }
    while (!pending.isEmpty()) {
      Step step = pending.poll();
      if (!seen.add(step.method().key())) {
        continue;
      }
      MethodWrites.Result result = judge(step.method());
      if (result.write() != null) {
        return result.write() + step.path();
      }
      for (MethodWrites.Call call : result.calls()) {
        for (MethodRef target :
            targets(call.owner(), call.name(), call.descriptor(), call.virtual())) {
          pending.add(new Step(target, step));
        }
      }
    }
    return null;
  }

  private MethodWrites.Result judge(MethodRef method) {
    return judged.computeIfAbsent(
        method.key(), k -> MethodWrites.judge(method.type(), method.method(), this::known));
  }

  /** Whether calls into {@code internalName} are followed (the object's classes, ConCoord's). */
  private boolean known(String internalName) {
    return node(internalName) != null;
  }

  /**
   * The methods a call may run: the one it resolves to (looking up the superclasses) and, for a
   * virtual call, every override in the object's own classes.
   */
  private List<MethodRef> targets(String owner, String name, String descriptor, boolean virtual) {
    List<MethodRef> targets = new ArrayList<>();
    for (String type = owner; type != null; ) {
      ClassNode node = node(type);
      if (node == null) {
        break;
      }
      MethodNode found = find(node, name, descriptor);
      if (found != null) {
        targets.add(new MethodRef(node, found));
        break;
      }
      type = node.superName;
    }
    if (virtual && !name.equals("<init>")) {
      for (String candidate : userClasses) {
        ClassNode node = node(candidate);
        MethodNode override = node == null ? null : find(node, name, descriptor);
        if (override != null && !candidate.equals(owner) && subtype(node, owner)) {
          targets.add(new MethodRef(node, override));
        }
      }
    }
    return targets;
  }

  private boolean subtype(ClassNode node, String ancestor) {
    for (ClassNode at = node; at != null; at = at.superName == null ? null : node(at.superName)) {
      if (at.name.equals(ancestor) || at.interfaces.contains(ancestor)) {
        return true;
      }
    }
    return false;
  }

  private static MethodNode find(ClassNode node, String name, String descriptor) {
    for (MethodNode method : node.methods) {
      if (method.name.equals(name)
          && method.desc.equals(descriptor)
          && (method.access & org.objectweb.asm.Opcodes.ACC_ABSTRACT) == 0) {
        return method;
      }
    }
    return null;
  }

  /** The object's class, or one of ConCoord's primitives read from the class path; else null. */
  private ClassNode node(String internalName) {
    ClassNode node = source.node(internalName);
    if (node != null || !trusted(internalName)) {
      return node;
    }
    return trusted.computeIfAbsent(
        internalName,
        name -> {
          try (InputStream in =
              ReadOnly.class.getClassLoader().getResourceAsStream(name + ".class")) {
            if (in == null) {
              return null;
            }
            ClassNode read = new ClassNode();
            new ClassReader(in.readAllBytes()).accept(read, ClassReader.SKIP_FRAMES);
            return read;
          } catch (IOException unreadable) {
            return null;
          }
        });
  }

  private record MethodRef(ClassNode type, MethodNode method) {
    String key() {
      return type.name + "." + method.name + method.desc;
    }
  }

  /** A method reached, and the step it was called from (for the path in the reason). */
  private record Step(MethodRef method, Step from) {
    String path() {
      StringBuilder path = new StringBuilder();
      for (Step at = from; at != null; at = at.from()) {
        path.append(path.length() == 0 ? ", reached through " : " <- ")
            .append(simple(at.method().type().name))
            .append('.')
            .append(at.method().method().name);
      }
      return path.toString();
    }
  }

  static String simple(String internalName) {
    return internalName.substring(internalName.lastIndexOf('/') + 1);
  }
}
