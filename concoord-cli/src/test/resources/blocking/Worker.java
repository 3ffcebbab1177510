import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.Socket;
import java.time.Duration;
import org.concoord.client.ClientOptions;
import org.concoord.client.ConcoordClient;
import org.concoord.client.ConcoordException;

/**
 * A client process for the blocking-object tests. Modes:
 *   lock BOOTSTRAP RESOURCE_PORT NAME ITERATIONS SESSION_MS   acquire, write to the fenced resource, release
 *   semaphore BOOTSTRAP RESOURCE_PORT NAME ITERATIONS          acquire a permit, enter/exit the resource
 *   hold BOOTSTRAP NAME HOLD_MS                                acquire the lock, hold it, release
 *   await BOOTSTRAP NAME                                       await the barrier once
 *   condwait BOOTSTRAP NAME                                    acquire, await the condition, release
 *   signal BOOTSTRAP N                                         acquire, signal N awaiters, release
 * With -Dobject=NAME:CLASS it calls that named object of the instance (created on first use)
 * instead of the default one.
 */
public class Worker {
  public static void main(String[] args) throws Exception {
    String mode = args[0];
    ClientOptions options = ClientOptions.defaults()
        .withRequestTimeout(Duration.ofMillis(500))
        .withCallTimeout(Duration.ofSeconds(60));
    if (mode.equals("lock")) {
      options = options.withSessionTimeout(Duration.ofMillis(Long.parseLong(args[5])));
    }
    try (ConcoordClient connection = ConcoordClient.connect(args[1], options)) {
      String object = System.getProperty("object");
      ConcoordClient client = object == null ? connection
          : connection.object(object.substring(0, object.indexOf(':')),
              object.substring(object.indexOf(':') + 1));
      switch (mode) {
        case "lock" -> lock(client, Integer.parseInt(args[2]), args[3], Integer.parseInt(args[4]));
        case "semaphore" -> semaphore(client, Integer.parseInt(args[2]), args[3], Integer.parseInt(args[4]));
        case "hold" -> hold(client, args[2], Long.parseLong(args[3]));
        case "await" -> System.out.println(args[2] + " generation " + client.invoke("await", long.class));
        case "condwait" -> {
          client.invoke("acquire", long.class);
          System.out.println(args[2] + " waiting");
          client.invoke("await", long.class); // releases the lock, waits, holds it again
          System.out.println(args[2] + " woken");
          client.invoke("release", void.class);
        }
        case "signal" -> {
          client.invoke("acquire", long.class);
          int moved = client.invoke("signal", int.class, Integer.parseInt(args[2]));
          client.invoke("release", void.class);
          System.out.println("signalled " + moved);
        }
        default -> throw new IllegalArgumentException(mode);
      }
    }
    System.out.println("done");
  }

  static void lock(ConcoordClient client, int port, String name, int iterations) throws Exception {
    // The session timeout reaches the replicas with the first keepalive, a third of it after
    // connecting; until then the replicas' default (10 s) applies.
    Thread.sleep(500);
    try (Socket socket = new Socket("127.0.0.1", port);
        PrintWriter out = new PrintWriter(socket.getOutputStream(), true);
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream()))) {
      for (int i = 0; i < iterations; i++) {
        try {
          long token = client.invoke("acquire", long.class);
          System.out.println(name + " holding " + token);
          Thread.sleep(300); // a critical section long enough for the test to pause us inside it
          for (int write = 0; write < 3; write++) {
            out.println("write " + token + " " + name);
            System.out.println(name + " write " + token + " " + in.readLine());
            Thread.sleep(50);
          }
          client.invoke("release", void.class);
        } catch (ConcoordException | IllegalStateException e) {
          // Our session expired while we were paused, or the lock moved on: try again.
          System.out.println(name + " lost the lock: " + e.getMessage());
        }
      }
    }
  }

  static void semaphore(ConcoordClient client, int port, String name, int iterations) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port);
        PrintWriter out = new PrintWriter(socket.getOutputStream(), true);
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream()))) {
      for (int i = 0; i < iterations; i++) {
        client.invoke("acquire", long.class);
        out.println("enter 0 " + name);
        in.readLine();
        Thread.sleep(20);
        out.println("exit 0 " + name);
        in.readLine();
        client.invoke("release", void.class);
      }
    }
  }

  static void hold(ConcoordClient client, String name, long holdMillis) throws Exception {
    System.out.println(name + " acquiring");
    long token = client.invoke("acquire", long.class);
    System.out.println(name + " acquired " + token);
    Thread.sleep(holdMillis);
    client.invoke("release", void.class);
    System.out.println(name + " released");
  }
}
