package org.concoord.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.concoord.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** The client commands name their instance alike: one mixin, {@link InstanceTarget}. */
class InstanceTargetTest {
  private static final List<String> OPTIONS =
      List.of("-b", "--dir", "--tls-dir", "--tls-name", "--insecure");

  @Test
  void everyClientCommandTakesTheSameTargetOptions() {
    CommandLine main = new CommandLine(new Main());
    CommandSpec call = main.getSubcommands().get("call").getCommandSpec();
    for (String name : List.of("call", "watch", "acl", "status", "objects")) {
      CommandSpec spec = main.getSubcommands().get(name).getCommandSpec();
      for (String option : OPTIONS) {
        assertTrue(spec.optionsMap().containsKey(option), name + " lacks " + option);
        assertEquals(
            String.join(" ", call.findOption(option).description()),
            String.join(" ", spec.findOption(option).description()),
            name + " " + option);
      }
      assertEquals(".concoord", spec.findOption("--dir").defaultValue(), name);
    }
    CommandSpec list =
        main.getSubcommands().get("objects").getSubcommands().get("list").getCommandSpec();
    assertTrue(list.optionsMap().containsKey("-b"), "objects list inherits -b");
    assertTrue(list.optionsMap().containsKey("--dir"), "objects list inherits --dir");
  }

  @Test
  void theBootstrapIsDashBElseTheLocalDeployments(@TempDir Path dir) throws Exception {
    CallCommand given = new CallCommand();
    new CommandLine(given).parseArgs("-b", "127.0.0.1:14000", "--dir", dir.toString(), "inc");
    assertEquals("127.0.0.1:14000", given.instance.bootstrap());

    CallCommand local = new CallCommand();
    new CommandLine(local).parseArgs("--dir", dir.toString(), "inc");
    assertEquals(dir, local.instance.dir);
    IOException none = assertThrows(IOException.class, local.instance::bootstrap);
    assertTrue(none.getMessage().contains("give --dir"), none.getMessage());
  }
}
