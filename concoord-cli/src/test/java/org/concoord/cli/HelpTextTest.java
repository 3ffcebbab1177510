package org.concoord.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.concoord.cli.deploy.Deployment;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line's own words: help that ends its sentences, and hints that exist. */
class HelpTextTest {
  @Test
  void everySubcommandsSummaryInConcoordHelpIsWholeSentences() {
    CommandLine main = new CommandLine(new Main());
    main.getSubcommands()
        .forEach(
            (name, sub) -> {
              String[] description = sub.getCommandSpec().usageMessage().description();
              // concoord --help lists only the first element: it must say all, not stop
              // mid-sentence.
              assertEquals(1, description.length, name + ": " + String.join("|", description));
              assertTrue(description[0].trim().endsWith("."), name + ": " + description[0]);
            });
  }

  @Test
  void objectsUsageLineDoesNotSuggestTypingSafe() {
    String usage = new CommandLine(new Main()).getSubcommands().get("object").getUsageMessage();
    assertTrue(usage.contains("[-s] [-v]"), usage);
    assertFalse(usage.contains("-s safe"), usage);
  }

  @Test
  void stopsMissingDeploymentDoesNotSuggestAnOptionStopLacks() {
    CommandLine stop = new CommandLine(new Main()).getSubcommands().get("stop");
    assertFalse(stop.getCommandSpec().optionsMap().containsKey("-b"));
    Exception e =
        org.junit.jupiter.api.Assertions.assertThrows(
            java.io.IOException.class, () -> Deployment.read(Path.of("no-such-deployment-dir")));
    assertTrue(e.getMessage().contains("give --dir"), e.getMessage());
    assertFalse(e.getMessage().endsWith("or give -b"), e.getMessage());
  }
}
