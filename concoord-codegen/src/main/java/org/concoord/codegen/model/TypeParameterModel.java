package org.concoord.codegen.model;

import java.util.List;
import java.util.Objects;

/** A method's type parameter: {@code T extends Comparable<T>}; bounds without Object. */
public record TypeParameterModel(String name, List<TypeModel> bounds) {
  public TypeParameterModel {
    Objects.requireNonNull(name, "name");
    bounds = List.copyOf(bounds);
  }
}
