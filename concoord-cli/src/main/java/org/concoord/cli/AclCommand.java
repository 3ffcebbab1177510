package org.concoord.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.concoord.client.ConcoordClient;
import org.concoord.client.ConcoordException;
import org.concoord.core.command.Call;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code concoord acl [show | grant P ROLE | revoke P | default ROLE | rule OBJECT METHOD ROLE |
 * unrule OBJECT METHOD]}: shows or changes the replicated access policy through a decided call,
 * so every replica applies the change at the same slot. Admin only; the admin credential is found
 * as for {@code call}.
 */
@Command(
    name = "acl",
    mixinStandardHelpOptions = true,
    description = "Shows or changes the replicated access policy (admin only; roles: none, reader,"
        + " writer, nameserver, admin). Without -b, uses the local deployment started by"
        + " 'concoord initialize'.",
    footer = {
        "Commands:",
        "  show                       the policy (the default)",
        "  grant PRINCIPAL ROLE       PRINCIPAL (NAME or node:HOST:PORT) gets ROLE",
        "  revoke PRINCIPAL           PRINCIPAL gets the default role again",
        "  default ROLE               the role of principals not granted one (initially writer)",
        "  rule OBJECT METHOD ROLE    calling METHOD of OBJECT (*, a name, or a prefix*) needs"
            + " ROLE",
        "  unrule OBJECT METHOD       drops that rule"})
final class AclCommand implements Callable<Integer> {
  @picocli.CommandLine.Mixin InstanceTarget instance;

  @Parameters(description = "The acl command and its arguments (default: show).")
  List<String> words = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    try (ConcoordClient client = instance.connect()) {
      String policy = client.invoke(Call.ACL_METHOD, String.class, words.toArray());
      System.out.print(policy);
      return 0;
    } catch (ConcoordException e) {
      System.err.println("concoord acl: " + e.getMessage());
      return 1;
    }
  }
}
