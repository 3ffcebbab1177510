package org.concoord.codegen.model;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What the proxy generator needs of an object class, whether it comes from a loaded class ({@link
 * ReflectedObjects}, for {@code concoord object}) or from source elements during compilation
 * ({@link ElementObjects}, for the {@code @Replicated} annotation processor).
 *
 * @param type the class itself
 * @param binaryName {@code org.x.Outer$Inner}, for messages
 * @param shape what decides whether the class can be proxied at all
 * @param memberTypeNames simple names of the member types a subclass sees (they hide imports)
 * @param constructorExceptions the public no-argument constructor's throws clause
 * @param methods the methods the host dispatches (and so the proxy forwards), in any order
 * @param localLabels the methods that stay local on a proxy (equals, hashCode, finalize)
 * @param inPackage whether a top-level class of this simple name exists in the object's package
 */
public record ObjectModel(
    TypeModel.Declared type,
    String binaryName,
    ClassShape shape,
    Set<String> memberTypeNames,
    List<TypeModel> constructorExceptions,
    List<MethodModel> methods,
    List<String> localLabels,
    Predicate<String> inPackage) {
  public ObjectModel {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(binaryName, "binaryName");
    Objects.requireNonNull(shape, "shape");
    Objects.requireNonNull(inPackage, "inPackage");
    memberTypeNames = Set.copyOf(memberTypeNames);
    constructorExceptions = List.copyOf(constructorExceptions);
    methods = List.copyOf(methods);
    localLabels = List.copyOf(localLabels);
  }

  public String packageName() {
    return type.packageName();
  }

  public String simpleName() {
    return type.simpleName();
  }

  /** The class name without its package: {@code Counter}, {@code Outer.Inner}. */
  public String relativeName() {
    return type.topLevel() + type.nested();
  }
}
