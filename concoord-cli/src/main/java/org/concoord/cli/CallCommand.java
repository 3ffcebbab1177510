package org.concoord.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.concoord.client.ConcoordClient;
import org.concoord.client.ConcoordException;
import org.concoord.core.value.Values;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code concoord call -b BOOTSTRAP METHOD [ARGS...]}: one call from the shell, JSON in and out. */
@Command(
    name = "call",
    mixinStandardHelpOptions = true,
    description = "Invokes a method of the replicated object; arguments are JSON values (a"
        + " bare word is a string: put a x), the result is printed as JSON (records and classes"
        + " as objects by field name; nothing for a void method; 'empty' for an empty Optional)."
        + " Without -b, uses the local deployment started by 'concoord initialize'.")
final class CallCommand implements Callable<Integer> {
  @picocli.CommandLine.Mixin InstanceTarget instance;

  @Option(names = "-o", paramLabel = "NAME",
      description = "The named object to call (a path such as locks/orders); without it, the"
          + " instance's default object. A name used for the first time is created (as --class,"
          + " else the instance's own class) if the instance creates objects on first use.")
  String object;

  @Option(names = "--class", paramLabel = "CLASS",
      description = "With -o: the class the object must be (binary or simple name); a name"
          + " holding another class is refused.")
  String objectClass;

  @Parameters(index = "0", description = "The method.")
  String method;

  @Parameters(index = "1..*", description = "Arguments, one JSON value or bare word each.")
  List<String> args = List.of();

  @Override
  public Integer call() throws Exception {
    if (objectClass != null && object == null) {
      System.err.println("concoord call: --class needs -o NAME");
      return 2;
    }
    try (ConcoordClient client = instance.connect()) {
      ConcoordClient callee = object == null ? client
          : client.object(object, objectClass == null ? "" : objectClass);
      byte[] result = callee.invokeRaw(method, Values.argsFromJson(args));
      String text = Values.resultText(result); // nothing for void, "empty" for Optional.empty()
      if (text != null) {
        System.out.println(text);
      }
      return 0;
    } catch (ConcoordException e) {
      System.err.println("concoord call: " + e.getMessage());
      return 1;
    }
  }
}
