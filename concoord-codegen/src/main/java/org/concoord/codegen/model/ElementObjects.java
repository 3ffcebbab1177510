package org.concoord.codegen.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.IntersectionType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.TypeVariable;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * The {@link ObjectModel} of a class being compiled, from {@code javax.lang.model}, for the
 * {@code @Replicated} annotation processor. It selects methods by the host's rules ({@code
 * core.host.HostedMethods}, which works on loaded classes): public instance methods of the class
 * and its supertypes except Object's and the session callback, one per name and number of client
 * arguments. Signatures are taken {@link Types#asMemberOf as members of the class}, which binds
 * supertype variables and erases what a raw supertype passes, as reflection does.
 */
public final class ElementObjects {
  static final String CALLER = "org.concoord.core.host.Caller";
  static final String SESSION_AWARE = "org.concoord.core.host.SessionAware";
  static final String INIT_METHOD = "__concoordinit__";

  /** A signature names a type that does not exist yet (perhaps generated later this round). */
  public static final class MissingTypeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    MissingTypeException(String message) {
      super(message);
    }
  }

  private final Elements elements;
  private final Types types;
  private final TypeElement objectType;
  private final String binaryName;

  private ElementObjects(Elements elements, Types types, TypeElement objectType) {
    this.elements = elements;
    this.types = types;
    this.objectType = objectType;
    this.binaryName = elements.getBinaryName(objectType).toString();
  }

  /**
   * The model of {@code objectType}.
   *
   * @throws IllegalArgumentException naming the class or method, as {@link ReflectedObjects#of}
   */
  public static ObjectModel of(Elements elements, Types types, TypeElement objectType) {
    return new ElementObjects(elements, types, objectType).model();
  }

  private ObjectModel model() {
    ClassShape shape = shape();
    TypeModel.Declared self = declared(objectType, List.of());
    if (shape.refusal(binaryName) != null) {
      return new ObjectModel(
          self, binaryName, shape, Set.of(), List.of(), List.of(), List.of(), name -> false);
    }
    Map<String, MethodModel> bySignature = new LinkedHashMap<>();
    List<String> localLabels = new ArrayList<>();
    List<ExecutableElement> all = ElementFilter.methodsIn(elements.getAllMembers(objectType));
    all.sort(Comparator.comparing(m -> m.getSimpleName().toString()));
    for (ExecutableElement method : all) {
      Set<Modifier> modifiers = method.getModifiers();
      if (!modifiers.contains(Modifier.PUBLIC)
          || modifiers.contains(Modifier.STATIC)
          || isObjects(method)) {
        continue;
      }
      MethodModel model = method(method);
      if (isLocal(method)) {
        localLabels.add(model.label());
      } else if (!isSessionCallback(method)) {
        bySignature.putIfAbsent(model.name() + erasedParameters(model), model);
      }
    }
    checkArities(bySignature.values());
    List<TypeModel> exceptions = new ArrayList<>();
    for (TypeMirror thrown : constructor().getThrownTypes()) {
      exceptions.add(type(thrown));
    }
    return new ObjectModel(
        self,
        binaryName,
        shape,
        memberTypeNames(),
        exceptions,
        new ArrayList<>(bySignature.values()),
        localLabels,
        this::inPackage);
  }

  private ClassShape shape() {
    Set<Modifier> modifiers = objectType.getModifiers();
    NestingKind nesting = objectType.getNestingKind();
    return new ClassShape(
        objectType.getKind() == ElementKind.CLASS,
        modifiers.contains(Modifier.PUBLIC),
        modifiers.contains(Modifier.ABSTRACT),
        modifiers.contains(Modifier.FINAL),
        modifiers.contains(Modifier.SEALED),
        nesting == NestingKind.LOCAL || nesting == NestingKind.ANONYMOUS,
        nesting == NestingKind.MEMBER && !modifiers.contains(Modifier.STATIC),
        !objectType.getTypeParameters().isEmpty(),
        constructor() != null);
  }

  /** The public no-argument constructor, or null. */
  private ExecutableElement constructor() {
    for (ExecutableElement constructor :
        ElementFilter.constructorsIn(objectType.getEnclosedElements())) {
      if (constructor.getParameters().isEmpty()
          && constructor.getModifiers().contains(Modifier.PUBLIC)) {
        return constructor;
      }
    }
    return null;
  }

  private boolean isObjects(ExecutableElement method) {
    return ((TypeElement) method.getEnclosingElement())
        .getQualifiedName()
        .contentEquals("java.lang.Object");
  }

  /** equals, hashCode and finalize stay local on a proxy, as {@link ReflectedObjects} says. */
  private boolean isLocal(ExecutableElement method) {
    List<? extends VariableElement> parameters = method.getParameters();
    return switch (method.getSimpleName().toString()) {
      case "equals" ->
          parameters.size() == 1
              && erasedName(parameters.get(0).asType()).equals("java.lang.Object");
      case "hashCode", "finalize" -> parameters.isEmpty();
      default -> false;
    };
  }

  private boolean isSessionCallback(ExecutableElement method) {
    TypeElement sessionAware = elements.getTypeElement(SESSION_AWARE);
    return sessionAware != null
        && method.getSimpleName().contentEquals("sessionExpired")
        && method.getParameters().size() == 1
        && method.getParameters().get(0).asType().getKind() == TypeKind.LONG
        && types.isAssignable(
            types.erasure(method.getEnclosingElement().asType()),
            types.erasure(sessionAware.asType()));
  }

  private MethodModel method(ExecutableElement method) {
    String name = method.getSimpleName().toString();
    if (name.equals(INIT_METHOD)) {
      throw new RefusalException(
          objectType.getSimpleName()
              + "."
              + INIT_METHOD
              + "(): "
              + INIT_METHOD
              + " is reserved (ConCoord reserves it for the call that re-runs the"
              + " constructor on every replica); rename the method",
          method);
    }
    ExecutableType seen =
        (ExecutableType) types.asMemberOf((DeclaredType) objectType.asType(), method);
    List<ParameterModel> parameters = new ArrayList<>();
    List<? extends VariableElement> declared = method.getParameters();
    for (int i = 0; i < declared.size(); i++) {
      TypeMirror type = seen.getParameterTypes().get(i);
      parameters.add(
          new ParameterModel(
              declared.get(i).getSimpleName().toString(),
              type(type),
              erasedName(type).equals(CALLER)));
    }
    List<TypeParameterModel> typeParameters = new ArrayList<>();
    for (TypeVariable variable : seen.getTypeVariables()) {
      List<TypeModel> bounds = new ArrayList<>();
      TypeMirror upper = variable.getUpperBound();
      List<? extends TypeMirror> all =
          upper instanceof IntersectionType i ? i.getBounds() : List.of(upper);
      for (TypeMirror bound : all) {
        if (!erasedName(bound).equals("java.lang.Object")) {
          bounds.add(type(bound));
        }
      }
      typeParameters.add(new TypeParameterModel(variable.toString(), bounds));
    }
    List<TypeModel> exceptions = new ArrayList<>();
    for (TypeMirror thrown : seen.getThrownTypes()) {
      exceptions.add(type(thrown));
    }
    return new MethodModel(
        name,
        typeParameters,
        type(seen.getReturnType()),
        parameters,
        method.isVarArgs(),
        exceptions,
        method.getModifiers().contains(Modifier.FINAL),
        MethodModel.label(binaryName, name, parameters),
        method);
  }

  private static String erasedParameters(MethodModel method) {
    List<String> erased = new ArrayList<>();
    for (ParameterModel parameter : method.parameters()) {
      erased.add(parameter.type().erasure().toString());
    }
    return erased.toString();
  }

  /** Overloads are told apart by their number of client arguments, as the host does. */
  private void checkArities(Iterable<MethodModel> methods) {
    Map<String, MethodModel> byArity = new LinkedHashMap<>();
    for (MethodModel method : methods) {
      MethodModel other = byArity.putIfAbsent(method.name() + "/" + method.arity(), method);
      if (other != null) {
        int arity = method.arity();
        throw new RefusalException(
            binaryName
                + " has two public methods '"
                + method.name()
                + "' taking "
                + arity
                + (arity == 1 ? " argument" : " arguments")
                + " ("
                + other.label()
                + " and "
                + method.label()
                + "): ConCoord tells overloads"
                + " apart by their number of arguments only",
            method.origin());
      }
    }
  }

  private Set<String> memberTypeNames() {
    Set<String> names = new HashSet<>();
    Set<Element> seen = new HashSet<>();
    addMemberTypes(objectType, names, seen);
    return names;
  }

  private void addMemberTypes(TypeElement type, Set<String> names, Set<Element> seen) {
    if (!seen.add(type)) {
      return;
    }
    for (TypeElement member : ElementFilter.typesIn(type.getEnclosedElements())) {
      if (!member.getModifiers().contains(Modifier.PRIVATE)) {
        names.add(member.getSimpleName().toString());
      }
    }
    List<TypeMirror> supertypes = new ArrayList<>(type.getInterfaces());
    supertypes.add(type.getSuperclass());
    for (TypeMirror supertype : supertypes) {
      if (supertype.getKind() == TypeKind.DECLARED) {
        addMemberTypes((TypeElement) types.asElement(supertype), names, seen);
      }
    }
  }

  private boolean inPackage(String simple) {
    String packageName = elements.getPackageOf(objectType).getQualifiedName().toString();
    return elements.getTypeElement(packageName.isEmpty() ? simple : packageName + "." + simple)
        != null;
  }

  private String erasedName(TypeMirror type) {
    TypeMirror erased = types.erasure(type);
    return erased.getKind() == TypeKind.DECLARED
        ? ((TypeElement) types.asElement(erased)).getQualifiedName().toString()
        : erased.toString();
  }

  /** The model of a type mirror, as seen from the object class. */
  TypeModel type(TypeMirror type) {
    TypeKind kind = type.getKind();
    if (kind.isPrimitive() || kind == TypeKind.VOID) {
      return new TypeModel.Primitive(kind.name().toLowerCase(java.util.Locale.ROOT));
    }
    switch (kind) {
      case ARRAY:
        return new TypeModel.Array(type(((ArrayType) type).getComponentType()));
      case DECLARED:
        DeclaredType declared = (DeclaredType) type;
        List<TypeModel> arguments = new ArrayList<>();
        for (TypeMirror argument : declared.getTypeArguments()) {
          arguments.add(type(argument));
        }
        return declared((TypeElement) declared.asElement(), arguments);
      case TYPEVAR:
        return new TypeModel.Variable(type.toString(), type(types.erasure(type)));
      case WILDCARD:
        WildcardType wildcard = (WildcardType) type;
        if (wildcard.getSuperBound() != null) {
          return new TypeModel.Wildcard(null, type(wildcard.getSuperBound()));
        }
        TypeMirror upper = wildcard.getExtendsBound();
        return new TypeModel.Wildcard(
            upper == null || erasedName(upper).equals("java.lang.Object") ? null : type(upper),
            null);
      case ERROR:
        throw new MissingTypeException(
            objectType.getQualifiedName()
                + " uses "
                + type
                + ", which does not exist (yet): the proxy cannot name it");
      default:
        throw new IllegalArgumentException(
            "cannot model type " + type + " in " + objectType.getQualifiedName());
    }
  }

  private TypeModel.Declared declared(TypeElement type, List<TypeModel> arguments) {
    NestingKind nesting = type.getNestingKind();
    if (nesting == NestingKind.LOCAL || nesting == NestingKind.ANONYMOUS) {
      throw new IllegalArgumentException(
          elements.getBinaryName(type)
              + " is a local or anonymous class: a proxy cannot name it in a signature");
    }
    String nested = "";
    TypeElement top = type;
    while (top.getNestingKind() == NestingKind.MEMBER) {
      nested = "." + top.getSimpleName() + nested;
      top = (TypeElement) top.getEnclosingElement();
    }
    PackageElement packageElement = elements.getPackageOf(top);
    return new TypeModel.Declared(
        packageElement.getQualifiedName().toString(),
        top.getSimpleName().toString(),
        nested,
        arguments);
  }
}
