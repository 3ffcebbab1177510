public class TutorialClient {
  public static void main(String[] args) throws Exception {
    try (CounterProxy c = new CounterProxy(args[0])) {
      c.increment();
      c.increment();
      System.out.println(c.getvalue());
      c.__concoordinit__();
      c.increment();
      System.out.println(c.getvalue());
    }
  }
}
