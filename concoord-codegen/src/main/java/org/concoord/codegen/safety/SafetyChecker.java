package org.concoord.codegen.safety;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.concoord.codegen.readonly.StaticWrites;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.Handle;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InnerClassNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;

/**
 * The {@code concoord object -s} check: reads the bytecode of a replicated object and reports what
 * would make replicas diverge or harm the node (see {@link Category}). A heuristic over direct
 * calls, not a proof: it cannot see through reflection it reports, nor into code it was not given.
 *
 * <p>Reads the object class, its nested, inner, local and anonymous classes (lambdas are methods of
 * their class), its superclasses, and every class of the given bytes it refers to, in any package,
 * transitively. A call, field or supertype outside those classes must match the allow-list ({@link
 * AllowedJdk}) or is a finding: the deny patterns give the precise category where they know the
 * call, {@link Category#UNLISTED} says the rest. Findings are sorted by class, then line. Does no
 * I/O beyond reading class files under the given root; loads and runs nothing.
 */
public final class SafetyChecker {
  private static final List<CallPattern> CALLS = callPatterns();

  private SafetyChecker() {}

  /**
   * Checks {@code className} (binary name, e.g. {@code org.concoord.objects.Counter}) with class
   * files under {@code classesRoot} (a directory laid out by package).
   *
   * @throws IllegalArgumentException if the root has no class file for {@code className}
   */
  public static List<Finding> check(Path classesRoot, String className) {
    return check(ClassSource.of(classesRoot), className, classesRoot.toString());
  }

  /**
   * Checks {@code className} with class files given by name (binary names such as {@code a.b.C$1},
   * or internal names such as {@code a/b/C$1}).
   */
  public static List<Finding> check(Map<String, byte[]> classBytes, String className) {
    return check(ClassSource.of(classBytes), className, "the given class files");
  }

  private static List<Finding> check(ClassSource source, String className, String where) {
    String root = ClassSource.internalName(className);
    if (source.node(root) == null) {
      throw new IllegalArgumentException("no class file for " + className + " in " + where);
    }
    IdentityRules identity = new IdentityRules(source);
    Set<Finding> findings = new TreeSet<>();
    for (ClassNode type : scope(source, root)) {
      StructureRules.checkClass(type, findings);
      checkSupertypes(source, type, findings);
      for (MethodNode method : type.methods) {
        StructureRules.checkMethod(type, method, findings);
        if (!method.name.equals("<clinit>")) { // a class may fill its own constants there
          for (StaticWrites.Write write :
              StaticWrites.of(type, method, owner -> source.node(owner) != null)) {
            findings.add(
                new Finding(
                    simpleName(type.name),
                    method.name,
                    write.line(),
                    write.what(),
                    Category.STATIC_STATE));
          }
        }
        int line = 0;
        for (AbstractInsnNode instruction : method.instructions) {
          if (instruction instanceof LineNumberNode number) {
            line = number.line;
          } else {
            checkInstruction(source, identity, type, method, instruction, line, findings);
          }
        }
      }
    }
    return List.copyOf(findings);
  }

  private static void checkInstruction(
      ClassSource source,
      IdentityRules identity,
      ClassNode type,
      MethodNode method,
      AbstractInsnNode instruction,
      int line,
      Set<Finding> findings) {
    Finding structural = StructureRules.check(type, method, instruction, line);
    if (structural != null) {
      findings.add(structural);
    }
    List<Handle> handles = new ArrayList<>();
    if (instruction instanceof FieldInsnNode field
        && source.node(field.owner) == null
        && !AllowedJdk.allowsType(field.owner)) {
      findings.add(
          new Finding(
              simpleName(type.name),
              method.name,
              line,
              "uses the field "
                  + field.owner.replace('/', '.')
                  + "."
                  + field.name
                  + ", whose class "
                  + "is not on the list of classes known to be deterministic",
              Category.UNLISTED));
    }
    if (instruction instanceof MethodInsnNode call) {
      checkCall(
          source, identity, type, method, line, call.owner, call.name, call.desc, false, findings);
      Finding text = identity.checkTextSink(type, method, call, line);
      if (text != null) {
        findings.add(text);
      }
    } else if (instruction instanceof InvokeDynamicInsnNode dynamic) {
      findings.addAll(identity.checkConcat(type, method, dynamic, line));
      checkBootstrap(type, method, line, dynamic.bsm, "invokedynamic", findings);
      for (Object argument : dynamic.bsmArgs) {
        collectHandles(type, method, line, argument, handles, findings);
      }
    } else if (instruction instanceof LdcInsnNode constant) {
      collectHandles(type, method, line, constant.cst, handles, findings);
    }
    for (Handle handle : handles) {
      checkCall(
          source,
          identity,
          type,
          method,
          line,
          handle.getOwner(),
          handle.getName(),
          handle.getDesc(),
          true,
          findings);
    }
  }

  private static void checkCall(
      ClassSource source,
      IdentityRules identity,
      ClassNode type,
      MethodNode method,
      int line,
      String owner,
      String name,
      String descriptor,
      boolean reference,
      Set<Finding> findings) {
    String className = simpleName(type.name);
    String callee = owner.replace('/', '.') + (reference ? "::" : ".") + name;
    String what =
        name.equals("<init>")
            ? "creates a " + owner.replace('/', '.')
            : (reference ? "refers to " : "calls ") + callee;
    boolean matched = false;
    for (String candidate : supertypes(source, owner)) {
      for (CallPattern pattern : CALLS) {
        if (pattern.matches(candidate, name, descriptor)) {
          findings.add(new Finding(className, method.name, line, what, pattern.category()));
          matched = true;
        }
      }
    }
    String identityHash = identity.checkCall(owner, name, descriptor);
    if (identityHash != null) {
      findings.add(
          new Finding(
              className,
              method.name,
              line,
              (reference ? "refers to " : "calls ") + identityHash,
              Category.IDENTITY_HASH));
      matched = true;
    }
    if (!matched && source.node(owner) == null) {
      String refusal = AllowedJdk.refusal(owner, name, descriptor);
      if (refusal != null) {
        findings.add(
            new Finding(
                className, method.name, line, what + ", which " + refusal, Category.UNLISTED));
      }
    }
  }

  /** A class of the object's that extends or implements a JDK or library type off the list. */
  private static void checkSupertypes(ClassSource source, ClassNode type, Set<Finding> findings) {
    List<String> supertypes = new ArrayList<>(type.interfaces);
    if (type.superName != null) {
      supertypes.add(0, type.superName);
    }
    for (String supertype : supertypes) {
      if (source.node(supertype) == null
          && !AllowedJdk.allowsType(supertype)
          && !supertype.equals("java/lang/Enum")
          && !supertype.equals("java/lang/Record")) {
        findings.add(
            new Finding(
                simpleName(type.name),
                "<class>",
                0,
                "extends "
                    + supertype.replace('/', '.')
                    + ", which is not on the list of classes known to be"
                    + " deterministic",
                Category.UNLISTED));
      }
    }
  }

  /** A bootstrap method javac does not emit for plain Java is code the check cannot follow. */
  private static void checkBootstrap(
      ClassNode type, MethodNode method, int line, Handle bsm, String kind, Set<Finding> findings) {
    String refusal = AllowedJdk.bootstrapRefusal(bsm.getOwner(), bsm.getName());
    if (refusal != null) {
      findings.add(
          new Finding(
              simpleName(type.name),
              method.name,
              line,
              kind
                  + " bootstrap "
                  + bsm.getOwner().replace('/', '.')
                  + "."
                  + bsm.getName()
                  + " "
                  + refusal,
              Category.REFLECTION));
    }
  }

  /** Method handles in a constant (or a constant-dynamic's arguments), to check as calls. */
  private static void collectHandles(
      ClassNode type,
      MethodNode method,
      int line,
      Object constant,
      List<Handle> handles,
      Set<Finding> findings) {
    if (constant instanceof Handle handle) {
      handles.add(handle); // the method behind a lambda or method reference
    } else if (constant instanceof ConstantDynamic dynamic) {
      checkBootstrap(
          type, method, line, dynamic.getBootstrapMethod(), "constant-dynamic", findings);
      handles.add(dynamic.getBootstrapMethod());
      for (int i = 0; i < dynamic.getBootstrapMethodArgumentCount(); i++) {
        collectHandles(
            type, method, line, dynamic.getBootstrapMethodArgument(i), handles, findings);
      }
    }
  }

  /**
   * {@code owner} and, where the source has it, its superclasses and interfaces: a call on a
   * subclass of Thread is a call on Thread.
   */
  private static Set<String> supertypes(ClassSource source, String owner) {
    Set<String> all = new LinkedHashSet<>();
    Deque<String> pending = new ArrayDeque<>(List.of(owner));
    while (!pending.isEmpty()) {
      String name = pending.pop();
      if (!all.add(name)) {
        continue;
      }
      ClassNode node = source.node(name);
      if (node != null) {
        if (node.superName != null) {
          pending.add(node.superName);
        }
        pending.addAll(node.interfaces);
      }
    }
    return all;
  }

  /**
   * The classes to read: the object class, then every class the source has among its nested
   * classes, its superclasses, and the classes of its package that it refers to, transitively.
   */
  private static List<ClassNode> scope(ClassSource source, String root) {
    List<ClassNode> scope = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>(List.of(root));
    Deque<String> pending = new ArrayDeque<>(List.of(root));
    while (!pending.isEmpty()) {
      ClassNode node = source.node(pending.pop());
      if (node == null) {
        continue;
      }
      scope.add(node);
      Set<String> next = new LinkedHashSet<>();
      if (node.superName != null) {
        next.add(node.superName);
      }
      for (InnerClassNode inner : node.innerClasses) {
        next.add(inner.name);
      }
      // Every class of the given files the object can reach, in any package: a helper in
      // another package of the same jar is code the replicas run too.
      next.addAll(referredClasses(node));
      next.addAll(node.interfaces);
      for (String name : next) {
        if (seen.add(name) && source.node(name) != null) {
          pending.add(name);
        }
      }
    }
    return scope;
  }

  private static Set<String> referredClasses(ClassNode node) {
    Set<String> names = new LinkedHashSet<>();
    for (MethodNode method : node.methods) {
      for (AbstractInsnNode instruction : method.instructions) {
        if (instruction instanceof MethodInsnNode call) {
          names.add(call.owner);
        } else if (instruction instanceof FieldInsnNode field) {
          names.add(field.owner);
        } else if (instruction instanceof TypeInsnNode typed && !typed.desc.startsWith("[")) {
          names.add(typed.desc);
        } else if (instruction instanceof InvokeDynamicInsnNode dynamic) {
          for (Object argument : dynamic.bsmArgs) {
            if (argument instanceof Handle handle) {
              names.add(handle.getOwner());
            }
          }
        }
      }
    }
    return names;
  }

  /** The class name without its package: {@code Counter}, {@code Counter$Node}. */
  static String simpleName(String internalName) {
    return internalName.substring(internalName.lastIndexOf('/') + 1);
  }

  private static List<CallPattern> callPatterns() {
    List<CallPattern> patterns = new ArrayList<>();
    patterns.addAll(ClockAndRandomCalls.clock());
    patterns.addAll(ClockAndRandomCalls.random());
    patterns.addAll(ConcurrencyCalls.thread());
    patterns.addAll(SystemCalls.io());
    patterns.addAll(SystemCalls.environment());
    patterns.addAll(SystemCalls.reflection());
    return List.copyOf(patterns);
  }
}
