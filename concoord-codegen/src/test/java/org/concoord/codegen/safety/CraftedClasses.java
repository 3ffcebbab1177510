package org.concoord.codegen.safety;

import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/** Class files javac would not write, as a hostile jar could hold them. */
final class CraftedClasses {
  private CraftedClasses() {}

  /**
   * {@code public class Condy { public Object run() { return ldc condy( ConstantBootstraps.invoke,
   * System.exit(int) handle, 0); } }}: the review's bypass 6.2.
   */
  static byte[] condy() {
    ClassWriter out = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
    out.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "Condy", null, "java/lang/Object", null);
    MethodVisitor init = out.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
    init.visitCode();
    init.visitVarInsn(Opcodes.ALOAD, 0);
    init.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
    init.visitInsn(Opcodes.RETURN);
    init.visitMaxs(0, 0);
    init.visitEnd();
    Handle bootstrap =
        new Handle(
            Opcodes.H_INVOKESTATIC,
            "java/lang/invoke/ConstantBootstraps",
            "invoke",
            "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/Class;"
                + "Ljava/lang/invoke/MethodHandle;[Ljava/lang/Object;)Ljava/lang/Object;",
            false);
    Handle exit = new Handle(Opcodes.H_INVOKESTATIC, "java/lang/System", "exit", "(I)V", false);
    MethodVisitor run =
        out.visitMethod(Opcodes.ACC_PUBLIC, "run", "()Ljava/lang/Object;", null, null);
    run.visitCode();
    run.visitLdcInsn(new ConstantDynamic("x", "Ljava/lang/Object;", bootstrap, exit, 0));
    run.visitInsn(Opcodes.ARETURN);
    run.visitMaxs(0, 0);
    run.visitEnd();
    out.visitEnd();
    return out.toByteArray();
  }
}
