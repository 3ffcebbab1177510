package org.concoord.core.host;

/** Inherits a public method from a package-private class: still callable, no setAccessible. */
public class PublicChild extends PackagePrivateBase {}
