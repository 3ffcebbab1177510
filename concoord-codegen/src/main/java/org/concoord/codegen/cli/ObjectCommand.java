package org.concoord.codegen.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.concoord.codegen.CompilationException;
import org.concoord.codegen.GeneratedProxy;
import org.concoord.codegen.LoadedObject;
import org.concoord.codegen.ObjectCheck;
import org.concoord.codegen.ObjectLoader;
import org.concoord.codegen.ProxyGenerator;
import org.concoord.codegen.readonly.ReadOnlyAnalysis;
import org.concoord.codegen.readonly.ReadOnlyVerdict;
import org.concoord.codegen.safety.Category;
import org.concoord.codegen.safety.Finding;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code concoord object -f FILE -c CLASS [-s] [-v]}: loads a replicated object class from a .java,
 * .class or .jar file and writes its client proxy, {@code <Class>Proxy.java}, beside the file. With
 * {@code -s} it first runs the safety check and, if anything is found, lists the findings and
 * writes nothing. Exit codes: 0 written, 1 unsafe or the object cannot be loaded or proxied, 2
 * usage error.
 */
@Command(
    name = "object",
    customSynopsis = "concoord object -f objectfilepath -c classname [-s] [-v]",
    description =
        "Concoordifies an object: writes <classname>Proxy.java beside the object file,"
            + " a proxy that clients use like the object itself while every call runs on the"
            + " replicas.")
public class ObjectCommand implements Callable<Integer> {
  /** Exit code when the object is unsafe, or cannot be loaded or proxied. */
  public static final int EXIT_REFUSED = 1;

  @Option(
      names = "-f",
      required = true,
      paramLabel = "objectfilepath",
      description =
          "The object: a .java file (compiled here), a directory of .java files"
              + " (compiled together: an object and its superclass in files of their own) or of"
              + " classes, a .class file or a .jar; -f several times for several .java and .class"
              + " files compiled together (the proxy is written beside the first).")
  List<Path> files;

  @Option(
      names = "-c",
      required = true,
      paramLabel = "classname",
      description = "The object's class: simple (Counter) if unique in the file, or full.")
  String className;

  @Option(
      names = "-s",
      description =
          "safe: check the object is deterministic and harmless"
              + " first, and write nothing if it is not.")
  boolean safe;

  @Option(
      names = "-v",
      description =
          "verbose: say why each kind of finding is unsafe, and"
              + " what the proxy does differently from the object.")
  boolean verbose;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  boolean help;

  @Spec CommandSpec spec;

  public ObjectCommand() {}

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (LoadedObject loaded = ObjectLoader.open(files, className)) {
      Class<?> objectClass = loaded.objectClass();
      if (verbose) {
        out.println(
            "Loaded "
                + objectClass.getName()
                + " from "
                + String.join(", ", files.stream().map(Path::toString).toList())
                + " (fingerprint "
                + loaded.fingerprint()
                + ")");
      }
      if (safe && !isSafe(ObjectCheck.check(loaded), objectClass, out, err)) {
        return EXIT_REFUSED;
      }
      GeneratedProxy proxy = ProxyGenerator.generate(objectClass);
      Path first = files.get(0);
      Path target =
          Files.isDirectory(first)
              ? first.toAbsolutePath().resolve(proxy.fileName())
              : first.toAbsolutePath().resolveSibling(proxy.fileName());
      Files.writeString(target, proxy.source(), StandardCharsets.UTF_8);
      out.println("Wrote " + target);
      if (verbose) {
        proxy.notes().forEach(note -> out.println("  note: " + note));
        printReadOnly(loaded, out);
      }
      return 0;
    } catch (CompilationException e) {
      err.println(e.getMessage());
      return EXIT_REFUSED;
    } catch (IllegalArgumentException | IllegalStateException | IOException e) {
      err.println("concoord object: " + e.getMessage());
      return EXIT_REFUSED;
    }
  }

  /** Which methods are read-only (fast reads, watches) and why, one line each. */
  private static void printReadOnly(LoadedObject loaded, PrintWriter out) {
    out.println("Read-only methods (inferred from the bytecode; @ReadOnly marks are verified):");
    for (ReadOnlyVerdict verdict : ReadOnlyAnalysis.of(loaded.objectClass(), loaded.classFiles())) {
      out.println(
          "  "
              + (verdict.readOnly() ? "read-only " : "writes    ")
              + verdict.signature()
              + (verdict.marked() ? " @ReadOnly" : "")
              + ": "
              + verdict.why());
    }
  }

  private boolean isSafe(
      List<Finding> findings, Class<?> objectClass, PrintWriter out, PrintWriter err) {
    if (findings.isEmpty()) {
      if (verbose) {
        out.println(objectClass.getSimpleName() + " passed the safety check.");
      }
      return true;
    }
    err.println(
        objectClass.getSimpleName()
            + " is not safe to replicate ("
            + findings.size()
            + (findings.size() == 1 ? " finding" : " findings")
            + "); no proxy written:");
    Set<Category> categories = EnumSet.noneOf(Category.class);
    for (Finding finding : findings) {
      err.println("  " + finding);
      categories.add(finding.category());
    }
    if (verbose) {
      err.println("Why:");
      for (Category category : categories) {
        err.println("  " + category.label() + ": " + category.why() + ".");
      }
    }
    return false;
  }
}
