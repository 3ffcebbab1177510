package org.concoord.codegen.readonly;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.tree.analysis.SourceInterpreter;
import org.objectweb.asm.tree.analysis.SourceValue;

/**
 * One method's own instructions, for the read-only analysis: its first write of something that
 * existed before the call, and the calls into known code (the object's classes, ConCoord's) for
 * {@link ReadOnlyAnalysis} to follow. An object the method created itself ({@code new}, a new
 * array) may be written: data flow ({@link SourceInterpreter}) traces a written reference back
 * through copies, locals and casts to where it came from; a constructor may set its own fields.
 */
final class MethodWrites {
  /** A call to follow; {@code virtual}: dispatched on the receiver (overrides may run). */
  record Call(String owner, String name, String descriptor, boolean virtual) {}

  /** The first write (null: none) and the calls to follow. */
  record Result(String write, List<Call> calls) {}

  private final ClassNode type;
  private final MethodNode method;
  private final Predicate<String> known;
  private final Frame<SourceValue>[] frames;
  private final List<Call> calls = new ArrayList<>();

  private MethodWrites(
      ClassNode type, MethodNode method, Predicate<String> known, Frame<SourceValue>[] frames) {
    this.type = type;
    this.method = method;
    this.known = known;
    this.frames = frames;
  }

  static Result judge(ClassNode type, MethodNode method, Predicate<String> known) {
    Frame<SourceValue>[] frames;
    try {
      frames = new Analyzer<>(new SourceInterpreter()).analyze(type.name, method);
    } catch (AnalyzerException unreadable) {
      return new Result(
          "its bytecode could not be analysed (" + unreadable.getMessage() + ")", List.of());
    }
    MethodWrites judge = new MethodWrites(type, method, known, frames);
    return new Result(judge.firstWrite(), List.copyOf(judge.calls));
  }

  private String firstWrite() {
    int line = 0;
    for (int i = 0; i < method.instructions.size(); i++) {
      AbstractInsnNode instruction = method.instructions.get(i);
      if (instruction instanceof LineNumberNode number) {
        line = number.line;
        continue;
      }
      if (frames[i] == null) {
        continue; // unreachable code
      }
      String write = write(i, instruction);
      if (write != null) {
        return write
            + " ("
            + ReadOnlyAnalysis.simple(type.name)
            + "."
            + method.name
            + (line > 0 ? ", " + sourceFile() + ":" + line : "")
            + ")";
      }
    }
    return null;
  }

  private String write(int at, AbstractInsnNode instruction) {
    int opcode = instruction.getOpcode();
    if (opcode == Opcodes.PUTFIELD) {
      FieldInsnNode field = (FieldInsnNode) instruction;
      boolean own = method.name.equals("<init>") && isThis(at, stackBelowTop(at, 1));
      return own || fresh(at, stackBelowTop(at, 1))
          ? null
          : "writes the field " + ReadOnlyAnalysis.simple(field.owner) + "." + field.name;
    }
    if (opcode == Opcodes.PUTSTATIC) {
      FieldInsnNode field = (FieldInsnNode) instruction;
      return "writes the static field " + ReadOnlyAnalysis.simple(field.owner) + "." + field.name;
    }
    if (opcode >= Opcodes.IASTORE && opcode <= Opcodes.SASTORE) {
      return fresh(at, stackBelowTop(at, 2))
          ? null
          : "writes an element of an array it did" + " not create";
    }
    if (instruction instanceof MethodInsnNode call) {
      return call(at, call);
    }
    if (instruction instanceof InvokeDynamicInsnNode dynamic) {
      return dynamic(dynamic);
    }
    return null;
  }

  private String call(int at, MethodInsnNode call) {
    boolean isStatic = call.getOpcode() == Opcodes.INVOKESTATIC;
    if (known.test(call.owner)) {
      calls.add(
          new Call(
              call.owner,
              call.name,
              call.desc,
              call.getOpcode() == Opcodes.INVOKEVIRTUAL
                  || call.getOpcode() == Opcodes.INVOKEINTERFACE));
      return null;
    }
    if (call.name.equals("<init>") || JdkEffects.pure(call.owner, call.name, isStatic)) {
      return null; // a JDK constructor sets up the object being created
    }
    Type[] arguments = Type.getArgumentTypes(call.desc);
    if (!isStatic
        && (JdkEffects.readsReceiver(call.owner, call.name)
            || fresh(at, stackBelowTop(at, arguments.length)))) {
      return null;
    }
    if (isStatic && onlyFreshReferences(at, arguments)) {
      return null; // Collections.sort(copy) of a list the method made
    }
    return "calls "
        + call.owner.replace('/', '.')
        + "."
        + call.name
        + (isStatic
            ? ", not known to leave its arguments unchanged"
            : " on an object it did not create, which may change it");
  }

  /** String concatenation changes nothing; a lambda's or method reference's target is a call. */
  private String dynamic(InvokeDynamicInsnNode dynamic) {
    if (dynamic.bsm.getOwner().equals("java/lang/invoke/StringConcatFactory")) {
      return null;
    }
    if (dynamic.bsm.getOwner().equals("java/lang/invoke/LambdaMetafactory")
        && dynamic.bsmArgs.length > 1
        && dynamic.bsmArgs[1] instanceof Handle target) {
      if (known.test(target.getOwner())) {
        calls.add(
            new Call(
                target.getOwner(),
                target.getName(),
                target.getDesc(),
                target.getTag() == Opcodes.H_INVOKEVIRTUAL
                    || target.getTag() == Opcodes.H_INVOKEINTERFACE));
        return null;
      }
      boolean isStatic = target.getTag() == Opcodes.H_INVOKESTATIC;
      if (target.getName().equals("<init>")
          || JdkEffects.pure(target.getOwner(), target.getName(), isStatic)
          || (!isStatic && JdkEffects.readsReceiver(target.getOwner(), target.getName()))) {
        return null;
      }
      return "refers to "
          + target.getOwner().replace('/', '.')
          + "::"
          + target.getName()
          + ", which may change what it is applied to";
    }
    return "uses invokedynamic "
        + dynamic.bsm.getOwner().replace('/', '.')
        + "."
        + dynamic.bsm.getName()
        + ", which this analysis does not follow";
  }

  /**
   * This method's writes into objects held by static fields (a final static collection or array is
   * shared state all the same): a field set, an element stored, or a JDK call that may change its
   * receiver (a collection, a map, an atomic), each with its line. Calls into the object's own
   * methods ({@code known}) are not followed.
   */
  static List<StaticWrites.Write> staticWrites(
      ClassNode type, MethodNode method, Predicate<String> known) {
    Frame<SourceValue>[] frames;
    try {
      frames = new Analyzer<>(new SourceInterpreter()).analyze(type.name, method);
    } catch (AnalyzerException unreadable) {
      return List.of();
    }
    MethodWrites judge = new MethodWrites(type, method, known, frames);
    List<StaticWrites.Write> writes = new ArrayList<>();
    int line = 0;
    for (int i = 0; i < method.instructions.size(); i++) {
      AbstractInsnNode instruction = method.instructions.get(i);
      if (instruction instanceof LineNumberNode number) {
        line = number.line;
      } else if (frames[i] != null) {
        String what = judge.staticWrite(i, instruction);
        if (what != null) {
          writes.add(new StaticWrites.Write(line, what));
        }
      }
    }
    return writes;
  }

  private String staticWrite(int at, AbstractInsnNode instruction) {
    int opcode = instruction.getOpcode();
    SourceValue target = null;
    String what = null;
    if (opcode == Opcodes.PUTFIELD) {
      target = stackBelowTop(at, 1);
      what = "writes the field " + ((FieldInsnNode) instruction).name + " of";
    } else if (opcode >= Opcodes.IASTORE && opcode <= Opcodes.SASTORE) {
      target = stackBelowTop(at, 2);
      what = "writes an element of";
    } else if (instruction instanceof MethodInsnNode call
        && JdkEffects.container(call.owner)
        && call.getOpcode() != Opcodes.INVOKESTATIC
        && !known.test(call.owner)
        && !JdkEffects.pure(call.owner, call.name, false)
        && !JdkEffects.readsReceiver(call.owner, call.name)) {
      target = stackBelowTop(at, Type.getArgumentTypes(call.desc).length);
      what = "calls " + call.owner.replace('/', '.') + "." + call.name + " on";
    }
    if (target == null) {
      return null;
    }
    for (Object origin : origins(at, target, new HashSet<>())) {
      if (origin instanceof FieldInsnNode field) {
        return what
            + " the object in static field "
            + field.owner.replace('/', '.')
            + "."
            + field.name;
      }
    }
    return null;
  }

  /** Whether every reference argument of a call at {@code at} is an object the method made. */
  private boolean onlyFreshReferences(int at, Type[] arguments) {
    for (int i = 0; i < arguments.length; i++) {
      int sort = arguments[i].getSort();
      if ((sort == Type.OBJECT || sort == Type.ARRAY)
          && !fresh(at, stackBelowTop(at, arguments.length - 1 - i))) {
        return false;
      }
    }
    return true;
  }

  /** The value {@code depth} entries below the top of the stack before instruction {@code at}. */
  private SourceValue stackBelowTop(int at, int depth) {
    Frame<SourceValue> frame = frames[at];
    return frame.getStack(frame.getStackSize() - 1 - depth);
  }

  /** Whether {@code value} is always local 0 ({@code this}) as the method received it. */
  private boolean isThis(int at, SourceValue value) {
    return origins(at, value, new HashSet<>()).stream().allMatch(o -> o == PARAMETER_0);
  }

  /** Whether {@code value} is always an object this method created. */
  private boolean fresh(int at, SourceValue value) {
    Set<Object> origins = origins(at, value, new HashSet<>());
    return !origins.isEmpty() && origins.stream().allMatch(o -> o == CREATED);
  }

  private static final Object CREATED = "created";
  private static final Object PARAMETER_0 = "this";
  private static final Object OTHER = "other";

  /**
   * Where {@code value} comes from: {@link #CREATED} (new, new array), {@link #PARAMETER_0} (local
   * 0 as received), a static field (its {@code getstatic}), or {@link #OTHER}, following copies
   * (dup), locals (load, store) and casts.
   */
  private Set<Object> origins(int at, SourceValue value, Set<AbstractInsnNode> visiting) {
    Set<Object> origins = new HashSet<>();
    if (value.insns.isEmpty()) {
      origins.add(OTHER); // a parameter, unless reached through local 0 below
    }
    for (AbstractInsnNode source : value.insns) {
      if (!visiting.add(source)) {
        continue;
      }
      int index = method.instructions.indexOf(source);
      int opcode = source.getOpcode();
      switch (opcode) {
        case Opcodes.NEW, Opcodes.NEWARRAY, Opcodes.ANEWARRAY, Opcodes.MULTIANEWARRAY ->
            origins.add(CREATED);
        case Opcodes.GETSTATIC -> origins.add(source); // the field, for StaticWrites to name
        case Opcodes.DUP, Opcodes.DUP_X1, Opcodes.DUP_X2, Opcodes.CHECKCAST, Opcodes.ASTORE ->
            origins.addAll(origins(index, stackBelowTop(index, 0), visiting));
        case Opcodes.DUP2, Opcodes.DUP2_X1, Opcodes.DUP2_X2 -> {
          // A copy of one of the two top values (or of one long): either, to be safe.
          origins.addAll(origins(index, stackBelowTop(index, 0), visiting));
          if (frames[index].getStackSize() > 1) {
            origins.addAll(origins(index, stackBelowTop(index, 1), visiting));
          }
        }
        case Opcodes.ALOAD -> {
          int slot = ((VarInsnNode) source).var;
          SourceValue local = frames[index].getLocal(slot);
          if (local.insns.isEmpty() && slot == 0 && (method.access & Opcodes.ACC_STATIC) == 0) {
            origins.add(PARAMETER_0);
          } else {
            origins.addAll(origins(index, local, visiting));
          }
        }
        default -> origins.add(OTHER);
      }
    }
    return origins;
  }

  private String sourceFile() {
    return type.sourceFile != null ? type.sourceFile : ReadOnlyAnalysis.simple(type.name);
  }
}
