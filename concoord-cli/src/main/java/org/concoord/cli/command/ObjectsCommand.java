package org.concoord.cli.command;

import java.util.List;
import java.util.concurrent.Callable;
import org.concoord.client.ConcoordClient;
import org.concoord.client.ConcoordException;
import org.concoord.client.ObjectDirectory;
import org.concoord.client.ObjectInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code concoord objects list|describe|create|delete}: the instance's named objects from the
 * shell, each a call decided through the log (docs/client.md, "Named objects").
 */
@Command(
    name = "objects",
    mixinStandardHelpOptions = true,
    description =
        "Lists, describes, creates and deletes the instance's named objects. Without"
            + " -b, uses the local deployment started by 'concoord initialize'.",
    subcommands = {
      ObjectsCommand.ListObjects.class,
      ObjectsCommand.Describe.class,
      ObjectsCommand.Create.class,
      ObjectsCommand.Delete.class
    })
public final class ObjectsCommand implements Callable<Integer> {
  @Mixin InstanceTarget instance;

  @Override
  public Integer call() throws java.io.IOException {
    return new ListObjects().run(this, "");
  }

  /** Connects, runs {@code action} on the directory, prints a refusal as one line. */
  int withDirectory(String what, Action action) throws java.io.IOException {
    try (ConcoordClient client = instance.connect()) {
      action.run(client.objects());
      return 0;
    } catch (ConcoordException e) {
      System.err.println("concoord objects " + what + ": " + e.getMessage());
      return 1;
    }
  }

  interface Action {
    void run(ObjectDirectory objects);
  }

  static String line(ObjectInfo info) {
    return info.name() + "\t" + info.className() + "\tcreated at slot " + info.createdSlot();
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description =
          "Lists the objects whose names start with PREFIX (all without), in name order:"
              + " name, class, creation slot.")
  static final class ListObjects implements Callable<Integer> {
    @picocli.CommandLine.ParentCommand ObjectsCommand parent;

    @Parameters(index = "0", arity = "0..1", description = "A name prefix (locks/).")
    String prefix = "";

    @Override
    public Integer call() throws java.io.IOException {
      return run(parent, prefix);
    }

    int run(ObjectsCommand command, String namePrefix) throws java.io.IOException {
      return command.withDirectory(
          "list",
          objects -> {
            List<ObjectInfo> found = objects.list(namePrefix);
            for (ObjectInfo info : found) {
              System.out.println(line(info));
            }
          });
    }
  }

  @Command(
      name = "describe",
      mixinStandardHelpOptions = true,
      description = "Describes one object: class, creation slot, state bytes, parked calls.")
  static final class Describe implements Callable<Integer> {
    @picocli.CommandLine.ParentCommand ObjectsCommand parent;

    @Parameters(
        index = "0",
        arity = "0..1",
        description = "The object's name (none: the default object).")
    String name = "";

    @Override
    public Integer call() throws java.io.IOException {
      return parent.withDirectory(
          "describe",
          objects -> {
            ObjectInfo info = objects.describe(name);
            System.out.println("name: " + (info.name().isEmpty() ? "(default)" : info.name()));
            System.out.println("class: " + info.className());
            System.out.println("created at slot: " + info.createdSlot());
            System.out.println("state bytes: " + info.stateBytes());
            System.out.println("parked calls: " + info.parked());
          });
    }
  }

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = "Creates an object with its class's no-argument constructor.")
  static final class Create implements Callable<Integer> {
    @picocli.CommandLine.ParentCommand ObjectsCommand parent;

    @Parameters(index = "0", description = "The object's name (a path: locks/orders).")
    String name;

    @Parameters(
        index = "1",
        arity = "0..1",
        description = "Its class (binary or simple name; none: the instance's own class).")
    String className = "";

    @Override
    public Integer call() throws java.io.IOException {
      return parent.withDirectory(
          "create", objects -> System.out.println(line(objects.create(name, className))));
    }
  }

  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description = "Deletes an object; calls parked on it fail with ObjectDeletedException.")
  static final class Delete implements Callable<Integer> {
    @picocli.CommandLine.ParentCommand ObjectsCommand parent;

    @Parameters(index = "0", description = "The object's name.")
    String name;

    @Override
    public Integer call() throws java.io.IOException {
      return parent.withDirectory("delete", objects -> objects.delete(name));
    }
  }
}
