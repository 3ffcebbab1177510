package org.concoord.codegen.safety;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Identity hash codes: System.identityHashCode; hashCode or toString resolved to Object's (called
 * on Object itself, through super, or on a class of the checked code that overrides neither);
 * hashCode of an enum (Enum's is the identity hash); and converting an instance of such a class to
 * text (string concatenation, String.valueOf, StringBuilder.append), its static type read from the
 * instruction that produced it. A class this check was not given (JDK, libraries) is assumed to
 * override them.
 */
final class IdentityRules {
  private static final String HASH_CODE = "hashCode";
  private static final String TO_STRING = "toString";
  private static final String CONCAT_FACTORY = "java/lang/invoke/StringConcatFactory";
  private static final String TO_STRING_DESCRIPTOR = "()Ljava/lang/String;";

  /** Calls that turn their Object argument into text with its toString (owner.name). */
  private static final Set<String> TEXT_SINKS =
      Set.of(
          "java/lang/String.valueOf",
          "java/lang/StringBuilder.append",
          "java/lang/StringBuffer.append",
          "java/util/Objects.toString");

  private final ClassSource source;

  IdentityRules(ClassSource source) {
    this.source = source;
  }

  /** What is wrong with calling {@code owner.name desc}, or null if nothing. */
  String checkCall(String owner, String name, String descriptor) {
    if (owner.equals("java/lang/System") && name.equals("identityHashCode")) {
      return "java.lang.System.identityHashCode";
    }
    boolean hash = name.equals(HASH_CODE) && descriptor.equals("()I");
    boolean text = name.equals(TO_STRING) && descriptor.equals(TO_STRING_DESCRIPTOR);
    String origin = hash || text ? identityOrigin(owner, name, descriptor) : null;
    if (origin == null) {
      return null;
    }
    String callee = owner.replace('/', '.') + "." + name;
    return owner.equals(origin) ? callee : callee + ", which is " + simpleName(origin) + "'s";
  }

  /**
   * A finding if {@code call} turns its Object argument into text and the instruction before it
   * produced an instance of a class whose toString is Object's (javac compiles {@code "k" + key} to
   * {@code String.valueOf(key)} before concatenating), else null.
   */
  Finding checkTextSink(ClassNode type, MethodNode method, MethodInsnNode call, int line) {
    if (!TEXT_SINKS.contains(call.owner + "." + call.name)
        || !call.desc.startsWith("(Ljava/lang/Object;")) {
      return null;
    }
    String produced = producedType(method, call.getPrevious());
    if (produced == null
        || produced.equals("java/lang/Object")
        || source.node(produced) == null
        || !inheritsIdentity(produced, TO_STRING, TO_STRING_DESCRIPTOR)) {
      return null;
    }
    return new Finding(
        SafetyChecker.simpleName(type.name),
        method.name,
        line,
        "turns a " + produced.replace('/', '.') + " into text with Object's toString",
        Category.IDENTITY_HASH);
  }

  /** The internal name of the reference the instruction leaves on the stack, if plain to see. */
  private static String producedType(MethodNode method, AbstractInsnNode instruction) {
    while (instruction != null && instruction.getOpcode() < 0) {
      instruction = instruction.getPrevious(); // labels, line numbers, frames
    }
    Type produced = null;
    if (instruction instanceof MethodInsnNode call) {
      produced =
          call.name.equals("<init>")
              ? Type.getObjectType(call.owner)
              : Type.getReturnType(call.desc);
    } else if (instruction instanceof FieldInsnNode field
        && instruction.getOpcode() != Opcodes.PUTFIELD
        && instruction.getOpcode() != Opcodes.PUTSTATIC) {
      produced = Type.getType(field.desc);
    } else if (instruction instanceof TypeInsnNode cast
        && instruction.getOpcode() == Opcodes.CHECKCAST) {
      produced = Type.getObjectType(cast.desc);
    } else if (instruction instanceof VarInsnNode load
        && load.getOpcode() == Opcodes.ALOAD
        && method.localVariables != null) {
      int at = method.instructions.indexOf(load);
      for (LocalVariableNode local : method.localVariables) {
        if (local.index == load.var
            && method.instructions.indexOf(local.start) <= at
            && at < method.instructions.indexOf(local.end)) {
          produced = Type.getType(local.desc);
        }
      }
    }
    return produced != null && produced.getSort() == Type.OBJECT
        ? produced.getInternalName()
        : null;
  }

  /** Findings for a string concatenation of values whose toString is Object's. */
  List<Finding> checkConcat(
      ClassNode type, MethodNode method, InvokeDynamicInsnNode call, int line) {
    List<Finding> findings = new ArrayList<>();
    Handle bootstrap = call.bsm;
    if (!bootstrap.getOwner().equals(CONCAT_FACTORY)) {
      return findings;
    }
    for (Type argument : Type.getArgumentTypes(call.desc)) {
      String name = argument.getSort() == Type.OBJECT ? argument.getInternalName() : null;
      // Concatenating an Object could be anything; only a known class is reported.
      if (name != null
          && !name.equals("java/lang/Object")
          && source.node(name) != null
          && inheritsIdentity(name, TO_STRING, TO_STRING_DESCRIPTOR)) {
        findings.add(
            new Finding(
                SafetyChecker.simpleName(type.name),
                method.name,
                line,
                "concatenates a " + name.replace('/', '.') + ", whose toString is Object's",
                Category.IDENTITY_HASH));
      }
    }
    return findings;
  }

  private boolean inheritsIdentity(String owner, String name, String descriptor) {
    return identityOrigin(owner, name, descriptor) != null;
  }

  /**
   * Where {@code owner}'s {@code name} resolves to if that is the identity hash: Object (or, for
   * hashCode, Enum), as an internal name; null if it is overridden or cannot be known.
   */
  private String identityOrigin(String owner, String name, String descriptor) {
    String current = owner;
    while (current != null) {
      if (current.equals("java/lang/Object")) {
        return current;
      }
      if (current.equals("java/lang/Enum")) {
        return name.equals(HASH_CODE) ? current : null;
      }
      ClassNode node = source.node(current);
      if (node == null || (node.access & Opcodes.ACC_INTERFACE) != 0) {
        return null;
      }
      for (MethodNode method : node.methods) {
        if (method.name.equals(name)
            && method.desc.equals(descriptor)
            && (method.access & Opcodes.ACC_ABSTRACT) == 0) {
          return null;
        }
      }
      current = node.superName;
    }
    return null;
  }

  private static String simpleName(String internalName) {
    return internalName.substring(internalName.lastIndexOf('/') + 1);
  }
}
