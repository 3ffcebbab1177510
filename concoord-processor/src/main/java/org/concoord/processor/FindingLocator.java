package org.concoord.processor;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.LineMap;
import com.sun.source.tree.Tree;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreeScanner;
import com.sun.source.util.Trees;
import java.util.HashMap;
import java.util.Map;
import javax.annotation.processing.Messager;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.tools.Diagnostic;
import org.concoord.codegen.safety.Finding;

/**
 * Puts a safety finding where javac puts its own errors: on the first construct that starts on the
 * finding's line of the class's source file, or, for a finding without a line (a static field, a
 * native method), on the member of that name, else on the class.
 */
final class FindingLocator {
  private final Elements elements;
  private final Trees trees;
  /** Top-level class name -> its compilation unit, and line -> the first tree starting there. */
  private final Map<String, CompilationUnitTree> units = new HashMap<>();
  private final Map<String, Map<Long, Tree>> lines = new HashMap<>();

  FindingLocator(Elements elements, Trees trees) {
    this.elements = elements;
    this.trees = trees;
  }

  /**
   * Indexes the source of {@code type}'s top-level class by line, while its trees are whole (by
   * the time class files are written, javac has lowered them).
   */
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
    units.put(name, unit);
    lines.put(name, byLine);
  }

  void report(Messager messager, Diagnostic.Kind kind, String packageName, Finding finding,
      String message) {
    String top = finding.className().split("\\$", 2)[0];
    String name = packageName.isEmpty() ? top : packageName + "." + top;
    Tree tree = lines.getOrDefault(name, Map.of()).get((long) finding.line());
    if (finding.line() > 0 && tree != null) {
      trees.printMessage(kind, message, tree, units.get(name));
      return;
    }
    TypeElement type = elements.getTypeElement(name);
    if (type == null) {
      messager.printMessage(kind, message);
    } else {
      messager.printMessage(kind, message, member(type, finding));
    }
  }

  private Element member(TypeElement type, Finding finding) {
    String nested = finding.className().contains("$")
        ? finding.className().substring(finding.className().indexOf('$') + 1) : "";
    TypeElement owner = type;
    for (String name : nested.isEmpty() ? new String[0] : nested.split("\\$")) {
      TypeElement inner = null;
      for (Element enclosed : owner.getEnclosedElements()) {
        if (enclosed instanceof TypeElement t && t.getSimpleName().contentEquals(name)) {
          inner = t;
        }
      }
      if (inner == null) {
        break;
      }
      owner = inner;
    }
    for (Element enclosed : owner.getEnclosedElements()) {
      if (enclosed.getSimpleName().contentEquals(finding.member())) {
        return enclosed;
      }
    }
    return owner;
  }
}
