package org.concoord.core.view;

/** The roles a node can hold in a view. Codes are the wire encoding. */
public enum Role {
  REPLICA(1),
  ACCEPTOR(2),
  NAMESERVER(3);

  public final int code;

  Role(int code) {
    this.code = code;
  }

  public static Role ofCode(int code) {
    for (Role r : values()) {
      if (r.code == code) {
        return r;
      }
    }
    throw new IllegalArgumentException("unknown role code " + code);
  }
}
