package org.concoord.objects;

import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;

/**
 * Accounts with whole-unit balances. Amounts must be positive; a withdrawal or transfer larger than
 * the balance throws {@link InsufficientFundsException} and changes nothing (the original's debit
 * check was inverted). An unknown account throws NoSuchElementException.
 */
public class Bank {
  /** A withdrawal or transfer exceeded the balance. */
  public static class InsufficientFundsException extends RuntimeException {
    public InsufficientFundsException(String message) {
      super(message);
    }
  }

  private final Map<String, Long> accounts = new TreeMap<>();

  /** Opens {@code account} with a zero balance; false if it is already open. */
  public boolean open(String account) {
    if (account == null || account.isEmpty()) {
      throw new IllegalArgumentException("an account needs a name");
    }
    return accounts.putIfAbsent(account, 0L) == null;
  }

  /** Closes {@code account}; returns the balance it held. */
  public long close(String account) {
    long balance = balance(account);
    accounts.remove(account);
    return balance;
  }

  /** Returns the new balance. */
  public long deposit(String account, long amount) {
    checkAmount(amount);
    long balance = Math.addExact(balance(account), amount);
    accounts.put(account, balance);
    return balance;
  }

  /** Returns the new balance. */
  public long withdraw(String account, long amount) {
    checkAmount(amount);
    long balance = balance(account);
    if (amount > balance) {
      throw new InsufficientFundsException(
          account + " holds " + balance + ", cannot withdraw " + amount);
    }
    accounts.put(account, balance - amount);
    return balance - amount;
  }

  /** Moves {@code amount} from one account to another, all or nothing. */
  public void transfer(String from, String to, long amount) {
    balance(to); // both accounts must exist before anything changes
    withdraw(from, amount);
    deposit(to, amount);
  }

  public long balance(String account) {
    Long balance = accounts.get(account);
    if (balance == null) {
      throw new NoSuchElementException("no account " + account);
    }
    return balance;
  }

  /** The open accounts, in name order. */
  public List<String> accounts() {
    return List.copyOf(accounts.keySet());
  }

  private static void checkAmount(long amount) {
    if (amount <= 0) {
      throw new IllegalArgumentException("amount must be positive, got " + amount);
    }
  }

  @Override
  public String toString() {
    return "Bank " + accounts;
  }
}
