package org.concoord.codegen.safety;

import java.util.Collection;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Findings read from declarations and single instructions rather than calls: native methods,
 * synchronized methods and blocks, and mutable static state (a static field that is not final, or a
 * static field written outside its own class's static initializer). Static final fields holding
 * mutable collections are not tracked: writes into them are ordinary calls.
 */
final class StructureRules {
  private StructureRules() {}

  static void checkClass(ClassNode type, Collection<Finding> findings) {
    for (FieldNode field : type.fields) {
      boolean isStatic = (field.access & Opcodes.ACC_STATIC) != 0;
      boolean isFinal = (field.access & Opcodes.ACC_FINAL) != 0;
      if (isStatic && !isFinal) {
        findings.add(
            new Finding(
                SafetyChecker.simpleName(type.name),
                field.name,
                firstWriteLine(type, field.name),
                "static field '" + field.name + "' is not final",
                Category.STATIC_STATE));
      }
    }
  }

  static void checkMethod(ClassNode type, MethodNode method, Collection<Finding> findings) {
    String className = SafetyChecker.simpleName(type.name);
    if ((method.access & Opcodes.ACC_NATIVE) != 0) {
      findings.add(new Finding(className, method.name, 0, "native method", Category.NATIVE));
    }
    if ((method.access & Opcodes.ACC_SYNCHRONIZED) != 0) {
      findings.add(
          new Finding(
              className, method.name, firstLine(method), "synchronized method", Category.THREAD));
    }
  }

  /** A finding for {@code instruction} if it is a monitor entry or a static write, else null. */
  static Finding check(ClassNode type, MethodNode method, AbstractInsnNode instruction, int line) {
    String className = SafetyChecker.simpleName(type.name);
    if (instruction.getOpcode() == Opcodes.MONITORENTER) {
      return new Finding(className, method.name, line, "synchronized block", Category.THREAD);
    }
    if (instruction.getOpcode() == Opcodes.PUTSTATIC) {
      FieldInsnNode field = (FieldInsnNode) instruction;
      // javac initializes a class's own static fields in <clinit>; any other write is state.
      if (!method.name.equals("<clinit>") || !field.owner.equals(type.name)) {
        return new Finding(
            className,
            method.name,
            line,
            "writes static field " + field.owner.replace('/', '.') + "." + field.name,
            Category.STATIC_STATE);
      }
    }
    return null;
  }

  /** The line of the first write to this class's static {@code field}, or 0 if none. */
  private static int firstWriteLine(ClassNode type, String field) {
    for (MethodNode method : type.methods) {
      int line = 0;
      for (AbstractInsnNode instruction : method.instructions) {
        if (instruction instanceof LineNumberNode number) {
          line = number.line;
        } else if (instruction.getOpcode() == Opcodes.PUTSTATIC
            && instruction instanceof FieldInsnNode write
            && write.owner.equals(type.name)
            && write.name.equals(field)) {
          return line;
        }
      }
    }
    return 0;
  }

  static int firstLine(MethodNode method) {
    for (AbstractInsnNode instruction : method.instructions) {
      if (instruction instanceof LineNumberNode number) {
        return number.line;
      }
    }
    return 0;
  }
}
