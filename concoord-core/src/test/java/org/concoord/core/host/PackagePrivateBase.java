package org.concoord.core.host;

/** A package-private superclass whose public method a public subclass inherits. */
class PackagePrivateBase {
  public String hello() {
    return "hello";
  }
}
