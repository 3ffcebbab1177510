package org.concoord.core.host;

/** A package-private interface with a default method: public, so callable. */
interface Greeter {
  default String greet() {
    return "hi";
  }
}
