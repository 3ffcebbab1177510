package org.concoord.corpus;

import java.util.TreeMap;

/** A checked exception, declared and thrown; what the method changed before it stays changed. */
public class Bank {
  public static class AccountExistsException extends Exception {
    private static final long serialVersionUID = 1L;

    public AccountExistsException(String message) {
      super(message);
    }
  }

  private final TreeMap<String, Long> accounts = new TreeMap<>();
  private long attempts;

  public void open(String name) throws AccountExistsException {
    attempts++;
    if (accounts.putIfAbsent(name, 0L) != null) {
      throw new AccountExistsException("account " + name + " exists");
    }
  }

  public long attempts() {
    return attempts;
  }
}
