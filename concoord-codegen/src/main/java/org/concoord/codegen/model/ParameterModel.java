package org.concoord.codegen.model;

import java.util.Objects;

/** A method parameter; {@code caller} when it is the replicas' {@code Caller}. */
public record ParameterModel(String name, TypeModel type, boolean caller) {
  public ParameterModel {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
  }
}
