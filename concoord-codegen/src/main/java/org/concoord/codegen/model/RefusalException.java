package org.concoord.codegen.model;

/**
 * Why a class cannot be proxied, with where: the {@link MethodModel#origin()} of the method at
 * fault (null for the class as a whole), so that the annotation processor reports it on that
 * method's line.
 */
public final class RefusalException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final transient Object origin;

  public RefusalException(String message, Object origin) {
    super(message);
    this.origin = origin;
  }

  /** The method at fault, or null. */
  public Object origin() {
    return origin;
  }
}
