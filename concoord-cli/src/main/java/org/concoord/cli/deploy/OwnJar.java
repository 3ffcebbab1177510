package org.concoord.cli.deploy;

import java.nio.file.Path;

/**
 * The jar this command runs from, and the class that starts it: every node this command starts
 * (here or, copied, on a host) runs that jar's {@code org.concoord.cli.Main}. The name is written
 * out rather than taken from {@code Main.class}, so that deployment does not depend on the command
 * line it is part of; {@code MainClassTest} holds the two together.
 */
public final class OwnJar {
  /** The main class of the ConCoord jar (bin/concoord's and the shaded jar's). */
  public static final String MAIN_CLASS = "org.concoord.cli.Main";

  private OwnJar() {}

  /** The jar (or class directory) this command runs from: it holds the client library. */
  public static Path path() throws Exception {
    return Path.of(OwnJar.class.getProtectionDomain().getCodeSource().getLocation().toURI());
  }
}
