package org.concoord.codegen;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.concoord.codegen.model.MethodModel;
import org.concoord.codegen.model.ObjectModel;
import org.concoord.codegen.model.ReflectedObjects;
import org.concoord.codegen.model.TypeModel;

/**
 * Generates the Java source of a client proxy for a replicated object class: {@code CounterProxy
 * extends Counter implements AutoCloseable}, in the object's package, so that {@code Counter c =
 * new CounterProxy("host:port,host:port")} compiles and every call on {@code c} runs on the
 * replicas through {@code org.concoord.client.ConcoordClient}.
 *
 * <p>The proxy overrides every method the object host dispatches (see {@link ProxyMethods}), with
 * the same signature; a method taking a {@code Caller} is forwarded by a method of the same name
 * without it. It adds {@code __concoordinit__()} (re-runs the constructor on every replica), {@code
 * close()}, and {@code async()} returning an {@code Async} view whose methods return {@code
 * CompletableFuture}s. The superclass part of a proxy is constructed (Java requires it) but never
 * used.
 *
 * <p>Output is stable: members sorted by name then arity, imports sorted, two-space indentation,
 * '\n' line ends. Works on an {@link ObjectModel}, which {@code concoord object} makes from a
 * loaded class and the {@code @Replicated} annotation processor from source elements, so both write
 * the same proxy. Loads no class but through the given one; does no I/O.
 */
public final class ProxyGenerator {
  /** The client library's classes, named here because codegen does not depend on the client. */
  static final String CLIENT = "org.concoord.client.ConcoordClient";

  static final String PROXY_SUFFIX = "Proxy";

  static final TypeModel.Declared FUTURE =
      TypeModel.Declared.of("java.util.concurrent", "CompletableFuture");

  private ProxyGenerator() {}

  /**
   * The proxy source for {@code objectClass}.
   *
   * @throws IllegalArgumentException naming the class or method, if the class cannot be proxied:
   *     not a public, concrete, non-final, non-generic class with a public no-argument constructor,
   *     a public method is final, or two public methods share a name and arity
   */
  public static GeneratedProxy generate(Class<?> objectClass) {
    String hosting = hostingProblem(objectClass);
    if (hosting != null) {
      throw new IllegalArgumentException(hosting);
    }
    List<String> uncallable = new ArrayList<>();
    for (org.concoord.codegen.safety.Finding finding : ObjectCheck.hostingAndValues(objectClass)) {
      uncallable.add(finding.toString());
    }
    if (!uncallable.isEmpty()) {
      // A proxy method that fails on every call would be a trap: refuse, as the replicas do.
      throw new IllegalArgumentException(
          objectClass.getName() + " cannot be proxied: " + String.join("; ", uncallable));
    }
    return generate(ReflectedObjects.of(objectClass));
  }

  /** Why {@code type} cannot be hosted and proxied, or null if it can. */
  static String hostingProblem(Class<?> type) {
    try {
      ObjectModel object = ReflectedObjects.of(type);
      return object.shape().refusal(object.binaryName());
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  /**
   * The proxy source for the modelled class.
   *
   * @throws IllegalArgumentException as {@link #generate(Class)}
   */
  public static GeneratedProxy generate(ObjectModel object) {
    String refusal = object.shape().refusal(object.binaryName());
    if (refusal != null) {
      throw new IllegalArgumentException(refusal);
    }
    List<MethodModel> methods = ProxyMethods.of(object);
    String proxyName = object.simpleName() + PROXY_SUFFIX;
    Set<String> shadowed = new HashSet<>(object.memberTypeNames());
    shadowed.add("Async");
    TypeWriter types = new TypeWriter(object, shadowed);
    String clientClass = types.name(CLIENT); // claimed first, so that they keep simple names
    types.className(FUTURE);
    String objectName = types.className(object.type());

    List<MethodWriter> writers = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (MethodModel method : methods) {
      MethodWriter writer = new MethodWriter(types, method);
      writers.add(writer);
      String note = writer.note();
      if (note != null) {
        notes.add(note);
      }
    }
    for (String local : object.localLabels()) {
      String name = local.substring(object.binaryName().length() + 1, local.indexOf('('));
      notes.add(local + " is not forwarded: a proxy's " + name + " is its own");
    }

    Lines body = new Lines();
    writeHead(
        body,
        objectName,
        proxyName,
        clientClass,
        throwsClause(types, object.constructorExceptions()));
    for (MethodWriter writer : writers) {
      body.blank();
      writer.writeBlocking(body);
    }
    writeOwnMethods(body, objectName);
    writeViews(
        body, methods, proxyName, clientClass, throwsClause(types, object.constructorExceptions()));
    writeAsync(body, objectName, writers, types);
    body.line(0, "}");

    return new GeneratedProxy(
        object.packageName(), proxyName, fileOf(object, types, body).toString(), notes);
  }

  /**
   * The source file around the proxy class's {@code body}: the generated-file line, the package and
   * the imports that writing the body made {@code types} claim.
   */
  private static Lines fileOf(ObjectModel object, TypeWriter types, Lines body) {
    String packageName = object.packageName();
    Lines file = new Lines();
    file.line(
        0, "// Generated by concoord object from " + object.relativeName() + "; do not edit.");
    if (!packageName.isEmpty()) {
      file.line(0, "package " + packageName + ";");
    }
    file.blank();
    List<String> imports = types.imports();
    for (String imported : imports) {
      file.line(0, "import " + imported + ";");
    }
    if (!imports.isEmpty()) {
      file.blank();
    }
    file.append(body);
    return file;
  }

  private static void writeHead(
      Lines out, String object, String proxyName, String clientClass, String throwsClause) {
    out.line(0, "/**");
    out.line(
        0,
        " * A client's handle on a replicated {@link "
            + object
            + "}: every call runs on"
            + " the replicas, in one");
    out.line(
        0,
        " * order for all clients, and returns their result. The "
            + object
            + " this class extends is never used.");
    out.line(0, " */");
    out.line(0, "public class " + proxyName + " extends " + object + " implements AutoCloseable {");
    out.line(1, "private final " + clientClass + " " + MethodWriter.CLIENT_FIELD + ";");
    out.line(1, "private final Async async = new Async();");
    out.blank();
    out.line(1, "/**");
    out.line(
        1,
        " * Connects to the replicas at {@code bootstrap}: \"host:port,host:port\" or a"
            + " domain name.");
    out.line(1, " * Does not re-initialize the object: see {@link #__concoordinit__()}.");
    out.line(1, " */");
    out.line(1, "public " + proxyName + "(String bootstrap)" + throwsClause + " {");
    out.line(2, "super();");
    out.line(2, "this.client = " + clientClass + ".connect(bootstrap);");
    out.line(1, "}");
    out.blank();
    out.line(1, "/**");
    out.line(
        1,
        " * Connects to the replicas at {@code bootstrap} and reaches the object named"
            + " {@code name}");
    out.line(
        1,
        " * (a path such as \"locks/orders\"), created as "
            + article(object)
            + " "
            + object
            + " on first use if the instance");
    out.line(1, " * creates objects so; a name that holds another class is refused.");
    out.line(1, " */");
    out.line(1, "public " + proxyName + "(String bootstrap, String name)" + throwsClause + " {");
    out.line(2, "super();");
    out.line(
        2, "this.client = " + clientClass + ".connect(bootstrap, name, " + object + ".class);");
    out.line(1, "}");
  }

  private static String article(String word) {
    return "AEIOUaeiou".indexOf(word.charAt(0)) >= 0 ? "an" : "a";
  }

  private static void writeOwnMethods(Lines out, String object) {
    out.blank();
    out.line(
        1,
        "/** Re-runs "
            + object
            + "'s constructor on every replica: the state starts"
            + " afresh. */");
    out.line(1, "public void __concoordinit__() {");
    out.line(2, "client.invoke(\"__concoordinit__\", void.class);");
    out.line(1, "}");
    out.blank();
    out.line(1, "/** The same calls without waiting for their results. */");
    out.line(1, "public Async async() {");
    out.line(2, "return async;");
    out.line(1, "}");
    out.blank();
    out.line(1, "/** Closes this client's connections; the replicated object lives on. */");
    out.line(1, "@Override");
    out.line(1, "public void close() {");
    out.line(2, "client.close();");
    out.line(1, "}");
  }

  /** {@code proxy.watch(p -> p.get(), (value, slot) -> ...)}: a watch (issue 21). */
  private static void writeWatch(Lines out, String proxyName, String clientClass) {
    out.blank();
    out.line(1, "/**");
    out.line(
        1,
        " * Watches the read-only call {@code read} makes on this proxy: the listener gets"
            + " its value now,");
    out.line(1, " * then each new value with its slot, until the watch is cancelled.");
    out.line(1, " */");
    out.line(
        1,
        "public <T> org.concoord.client.Watch watch(java.util.function.Function<"
            + proxyName
            + ", T> read,");
    out.line(3, "org.concoord.client.WatchListener<? super T> listener) {");
    out.line(2, "return client.watch(() -> read.apply(this), listener);");
    out.line(1, "}");
  }

  /** watch and withReads, unless the object has methods of those names. */
  private static void writeViews(
      Lines out,
      List<MethodModel> methods,
      String proxyName,
      String clientClass,
      String throwsClause) {
    if (methods.stream().noneMatch(m -> m.name().equals("watch"))) {
      writeWatch(out, proxyName, clientClass);
    }
    if (methods.stream().noneMatch(m -> m.name().equals("withReads"))) {
      writeWithReads(out, proxyName, clientClass, throwsClause);
    }
  }

  /** {@code proxy.withReads(ReadMode.LEASE)}: a view whose reads take that mode (issue 20). */
  private static void writeWithReads(
      Lines out, String proxyName, String clientClass, String throwsClause) {
    out.blank();
    out.line(1, "/**");
    out.line(
        1,
        " * This proxy with its read-only calls answered in {@code mode} (LINEARIZABLE,"
            + " LEASE, SEQUENTIAL or");
    out.line(1, " * BOUNDED): the same connection and session; closing either closes both.");
    out.line(1, " */");
    out.line(
        1,
        "public "
            + proxyName
            + " withReads(org.concoord.core.command.ReadMode mode)"
            + throwsClause
            + " {");
    out.line(2, "return new " + proxyName + "(client.withReads(mode));");
    out.line(1, "}");
    out.blank();
    out.line(1, "private " + proxyName + "(" + clientClass + " client)" + throwsClause + " {");
    out.line(2, "super();");
    out.line(2, "this.client = client;");
    out.line(1, "}");
  }

  private static void writeAsync(
      Lines out, String object, List<MethodWriter> writers, TypeWriter types) {
    String future = types.className(FUTURE);
    out.blank();
    out.line(1, "/**");
    out.line(
        1,
        " * "
            + object
            + "'s calls, each returning at once with a future of its result,"
            + " completed");
    out.line(1, " * exceptionally if the call fails.");
    for (MethodWriter writer : writers) {
      if (!writer.hasAsync()) {
        out.line(1, " * " + writer.name() + "() has none here: Async's own is Object's.");
      }
    }
    out.line(1, " */");
    out.line(1, "public final class Async {");
    out.line(2, "private Async() {}");
    for (MethodWriter writer : writers) {
      if (writer.hasAsync()) {
        out.blank();
        writer.writeAsync(out);
      }
    }
    out.blank();
    out.line(2, "public " + future + "<Void> __concoordinit__() {");
    out.line(3, "return client.invokeAsync(\"__concoordinit__\", void.class);");
    out.line(2, "}");
    out.line(1, "}");
  }

  private static String throwsClause(TypeWriter types, List<TypeModel> exceptions) {
    List<String> names = new ArrayList<>();
    for (TypeModel exception : exceptions) {
      names.add(types.spell(exception));
    }
    return names.isEmpty() ? "" : " throws " + String.join(", ", names);
  }
}
