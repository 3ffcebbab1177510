package org.concoord.processor;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.LineMap;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreeScanner;
import com.sun.source.util.Trees;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import javax.annotation.processing.Messager;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import org.concoord.codegen.safety.Finding;

/**
 * Puts a finding where javac puts its own errors: on the first construct that starts on the
 * finding's line of the class's source file; for a finding without a line (a static field, a native
 * method, a method clients cannot call), on the member of that name; else on the class. The source
 * is indexed while the processor runs: by the time the checks run, javac has lowered the trees and
 * forgotten where elements are.
 */
final class FindingLocator {
  private final Trees trees;

  /** Top-level class name -> its compilation unit. */
  private final Map<String, CompilationUnitTree> units = new HashMap<>();

  /** Top-level class name -> line -> the first tree starting there. */
  private final Map<String, Map<Long, Tree>> lines = new HashMap<>();

  /** Top-level class name -> "Outer$Inner" and "Outer$Inner#member" -> its declaration. */
  private final Map<String, Map<String, Tree>> members = new HashMap<>();

  FindingLocator(Trees trees) {
    this.trees = trees;
  }

  /** Indexes the source of {@code type}'s top-level class by line and by member. */
  void index(TypeElement type) {
    TypeElement top = type;
    while (top.getEnclosingElement() instanceof TypeElement outer) {
      top = outer;
    }
    String name = top.getQualifiedName().toString();
    TreePath path = trees.getPath(top);
    if (path == null || units.containsKey(name)) {
      return;
    }
    CompilationUnitTree unit = path.getCompilationUnit();
    units.put(name, unit);
    lines.put(name, byLine(unit));
    Map<String, Tree> declared = new HashMap<>();
    Deque<String> classNames = new ArrayDeque<>();
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitClass(ClassTree tree, Void unused) {
        String simple = tree.getSimpleName().toString();
        String className = classNames.isEmpty() ? simple : classNames.peek() + "$" + simple;
        declared.putIfAbsent(className, tree);
        classNames.push(className);
        super.visitClass(tree, unused);
        classNames.pop();
        return null;
      }

      @Override
      public Void visitMethod(MethodTree tree, Void unused) {
        if (!classNames.isEmpty()) {
          declared.putIfAbsent(classNames.peek() + "#" + tree.getName(), tree);
        }
        return super.visitMethod(tree, unused);
      }

      @Override
      public Void visitVariable(VariableTree tree, Void unused) {
        if (!classNames.isEmpty()) {
          declared.putIfAbsent(classNames.peek() + "#" + tree.getName(), tree);
        }
        return null; // fields; a method's locals and parameters are not members
      }
    }.scan(path.getLeaf(), null);
    members.put(name, declared);
  }

  private Map<Long, Tree> byLine(CompilationUnitTree unit) {
    LineMap lineMap = unit.getLineMap();
    SourcePositions positions = trees.getSourcePositions();
    Map<Long, Tree> byLine = new HashMap<>();
    new TreeScanner<Void, Void>() {
      @Override
      public Void scan(Tree tree, Void unused) {
        if (tree == null) {
          return null;
        }
        long start = positions.getStartPosition(unit, tree);
        if (start >= 0) {
          Tree known = byLine.get(lineMap.getLineNumber(start));
          if (known == null || positions.getStartPosition(unit, known) > start) {
            byLine.put(lineMap.getLineNumber(start), tree);
          }
        }
        return super.scan(tree, unused);
      }
    }.scan(unit, null);
    return byLine;
  }

  void report(
      Messager messager,
      Diagnostic.Kind kind,
      String packageName,
      Finding finding,
      String message) {
    String top = finding.className().split("\\$", 2)[0];
    String name = packageName.isEmpty() ? top : packageName + "." + top;
    CompilationUnitTree unit = units.get(name);
    Tree tree = unit == null ? null : where(name, finding);
    if (tree == null) {
      messager.printMessage(kind, message);
    } else {
      trees.printMessage(kind, message, tree, unit);
    }
  }

  private Tree where(String name, Finding finding) {
    if (finding.line() > 0 && lines.get(name).containsKey((long) finding.line())) {
      return lines.get(name).get((long) finding.line());
    }
    Map<String, Tree> declared = members.get(name);
    Tree member = declared.get(finding.className() + "#" + finding.member());
    if (member != null) {
      return member;
    }
    Tree owner = declared.get(finding.className());
    return owner != null ? owner : declared.get(finding.className().split("\\$", 2)[0]);
  }
}
