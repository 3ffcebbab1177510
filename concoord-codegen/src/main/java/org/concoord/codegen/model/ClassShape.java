package org.concoord.codegen.model;

/**
 * The facts about an object class that decide whether a proxy can extend it, from either side;
 * {@link #refusal(String)} turns them into the one message both sides give.
 */
public record ClassShape(
    boolean plainClass,
    boolean isPublic,
    boolean isAbstract,
    boolean isFinal,
    boolean isSealed,
    boolean localOrAnonymous,
    boolean inner,
    boolean generic,
    boolean publicNoArgumentConstructor) {

  /** Why a class of this shape named {@code name} cannot be proxied, or null if it can. */
  public String refusal(String name) {
    if (!plainClass) {
      return name
          + " is not a class: a replicated object is a plain class with a public"
          + " no-argument constructor";
    } else if (!isPublic) {
      return name + " is not public: the replicas host public classes only";
    } else if (isAbstract) {
      return name + " is abstract: the replicas must construct it";
    } else if (isFinal || isSealed) {
      String word = isSealed ? "sealed" : "final";
      String simple = name.substring(Math.max(name.lastIndexOf('.'), name.lastIndexOf('$')) + 1);
      return name
          + " is "
          + word
          + ": its proxy must extend it, so that a "
          + simple
          + " variable can hold the proxy; remove "
          + word;
    } else if (localOrAnonymous) {
      return name + " is a local or anonymous class: the proxy must name it";
    } else if (inner) {
      return name
          + " is an inner class: the replicas construct it without an enclosing"
          + " instance; make it static";
    } else if (generic) {
      return name
          + " is generic: the replicas host it raw, so its type parameters would mean"
          + " nothing; bind them in a subclass";
    } else if (!publicNoArgumentConstructor) {
      return name
          + " has no public no-argument constructor: the replicas construct it, and"
          + " __concoordinit__ re-runs it, without arguments";
    }
    return null;
  }
}
