package org.concoord.core.access;

import java.util.Locale;

/**
 * What a principal may do (docs/security.md, "Authorization"). {@link #READER} calls the methods
 * marked {@code @Access(READER)}; {@link #WRITER} every method of the object except those a rule
 * reserves for another role; {@link #NAMESERVER} what a reader may, plus the methods marked or
 * ruled {@code NAMESERVER} (the registry's updates); {@link #ADMIN} everything, including the
 * reserved calls ({@code __concoordinit__}, the policy itself); {@link #NONE} nothing.
 */
public enum AccessRole {
  NONE,
  READER,
  WRITER,
  NAMESERVER,
  ADMIN;

  /** Whether a principal of this role may call a method that needs {@code needed}. */
  public boolean satisfies(AccessRole needed) {
    if (this == ADMIN) {
      return true;
    }
    if (this == NONE || needed == NONE) {
      return false;
    }
    return needed == READER || needed == this;
  }

  /** The role named {@code name} (any case), as `concoord acl` and the policy write it. */
  public static AccessRole parse(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "no role '" + name + "': one of none, reader, writer," + " nameserver, admin");
    }
  }

  /** The role's name as the policy writes it. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
