package org.concoord.cli.command;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.concoord.client.ConcoordClient;
import org.concoord.client.ConcoordException;
import org.concoord.client.tls.BearerToken;
import org.concoord.core.command.Call;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code concoord acl [show | grant P ROLE | revoke P | default ROLE | rule OBJECT METHOD ROLE |
 * unrule OBJECT METHOD | token create P [ROLE] | token revoke P]}: shows or changes the replicated
 * access policy through a decided call, so every replica applies the change at the same slot. Admin
 * only; the admin credential is found as for {@code call}.
 */
@Command(
    name = "acl",
    mixinStandardHelpOptions = true,
    description =
        "Shows or changes the replicated access policy (admin only; roles: none, reader,"
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
      "  unrule OBJECT METHOD       drops that rule",
      "  token create PRINCIPAL [ROLE]  a new bearer token naming PRINCIPAL (granted ROLE if"
          + " given), printed once on stdout: keep it in a file of mode 0600",
      "  token revoke PRINCIPAL     revokes every token naming PRINCIPAL"
    })
public final class AclCommand implements Callable<Integer> {
  @picocli.CommandLine.Mixin InstanceTarget instance;

  @Parameters(description = "The acl command and its arguments (default: show).")
  List<String> words = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    try (ConcoordClient client = instance.connect()) {
      if (!words.isEmpty() && words.get(0).equals("token")) {
        return token(client);
      }
      String policy = client.invoke(Call.ACL_METHOD, String.class, words.toArray());
      System.out.print(policy);
      return 0;
    } catch (IllegalArgumentException e) {
      System.err.println("concoord acl: " + e.getMessage());
      return 2;
    } catch (ConcoordException e) {
      System.err.println("concoord acl: " + e.getMessage());
      return 1;
    }
  }

  /**
   * {@code token create P [ROLE]}: the secret is made here and only its SHA-256 goes into the
   * replicated policy, so no replica, snapshot or backup holds a usable token; the token goes to
   * stdout alone (the policy to stderr), for {@code > FILE}. {@code token revoke P}.
   */
  private int token(ConcoordClient client) {
    String verb = words.size() >= 3 ? words.get(1) : "";
    String principal = words.size() >= 3 ? words.get(2) : "";
    if (verb.equals("revoke") && words.size() == 3) {
      String policy = client.invoke(Call.ACL_METHOD, String.class, "untoken", principal);
      System.out.print(policy);
      return 0;
    }
    if (!verb.equals("create") || words.size() > 4) {
      throw new IllegalArgumentException(
          "acl token create PRINCIPAL [ROLE] | token revoke" + " PRINCIPAL");
    }
    String token = BearerToken.generate();
    String policy =
        client.invoke(
            Call.ACL_METHOD, String.class, "token", principal, BearerToken.hashHex(token));
    if (words.size() == 4) {
      policy = client.invoke(Call.ACL_METHOD, String.class, "grant", principal, words.get(3));
    }
    System.err.print(policy);
    System.out.println(token);
    return 0;
  }
}
