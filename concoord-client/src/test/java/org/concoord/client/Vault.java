package org.concoord.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A test object whose methods throw every kind of exception a client must carry back. */
public class Vault {
  /** A checked exception, declared by {@link #withdraw}. */
  public static class InsufficientFunds extends Exception {
    private static final long serialVersionUID = 1L;

    public InsufficientFunds(String message) {
      super(message);
    }
  }

  /** An exception the client cannot recreate: no (String) constructor. */
  public static class CodedFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CodedFailure(int code) {
      super("failure code " + code);
    }
  }

  private long balance;
  private final TreeMap<String, Long> accounts = new TreeMap<>();

  /** Opens an account; a second open of the name throws a package-private exception. */
  public void open(String name) throws AccountExistsException {
    if (accounts.putIfAbsent(name, 0L) != null) {
      throw new AccountExistsException("account " + name + " exists");
    }
  }

  private final Map<String, List<Long>> history = new TreeMap<>();

  public long deposit(String who, long amount) {
    if (amount <= 0) {
      throw new IllegalArgumentException("amount must be positive: " + amount);
    }
    balance += amount;
    history.computeIfAbsent(who, k -> new ArrayList<>()).add(amount);
    return balance;
  }

  public long withdraw(long amount) throws InsufficientFunds {
    if (amount > balance) {
      throw new InsufficientFunds("balance " + balance + " is below " + amount);
    }
    balance -= amount;
    return balance;
  }

  public long balance() {
    return balance;
  }

  /** Deposits per depositor: a generic result, for TypeRef. */
  public Map<String, List<Long>> history() {
    return history;
  }

  public void failCoded(int code) {
    throw new CodedFailure(code);
  }
}

/** Package-private, as users write them beside the object (the case 5). */
class AccountExistsException extends Exception {
  private static final long serialVersionUID = 1L;

  AccountExistsException(String message) {
    super(message);
  }
}
