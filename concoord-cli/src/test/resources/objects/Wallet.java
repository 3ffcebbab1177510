import java.math.BigDecimal;

/** The case: a BigDecimal whose scale must survive a snapshot ("0.10" stays "0.10"). */
public class Wallet {
  private BigDecimal balance = new BigDecimal("0.00");
  private BigDecimal last = new BigDecimal("0.20");

  public BigDecimal deposit(String amount) {
    last = new BigDecimal(amount);
    balance = balance.add(last);
    return balance;
  }

  public BigDecimal last() {
    return last;
  }

  public BigDecimal balance() {
    return balance;
  }
}
