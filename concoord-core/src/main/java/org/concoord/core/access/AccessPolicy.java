package org.concoord.core.access;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.concoord.core.command.Call;
import org.concoord.core.command.ObjectNames;
import org.concoord.core.value.ValueCodec;

/**
 * The replicated access policy: which role each principal has, and which role each method needs.
 * Changed only by a decided {@value Call#ACL_METHOD} call of an admin, so every replica enforces
 * the same policy from the same slot on; carried in snapshots. A principal is a client
 * certificate's name ({@code alice}), {@code node:HOST:PORT} for a node certificate, or the empty
 * principal of a plaintext ({@code --insecure}) connection.
 *
 * <p>Built in, not changeable: the principal {@value #ADMIN} (the credential {@code initialize}
 * leaves) and the plaintext principal are admins; a node principal is a nameserver unless granted
 * otherwise; any other principal has the policy's default role (initially writer) unless granted
 * one. A method needs: admin for the reserved calls ({@code __concoordinit__}, the policy, code
 * upgrades); reader for the keepalive; else the most specific rule for it, else its {@link Access}
 * annotation, else writer.
 *
 * <p>Not thread-safe. Does no I/O. Deterministic: equal calls give equal policies.
 */
public final class AccessPolicy {
  /** The principal that is always admin. */
  public static final String ADMIN = "admin";

  /** The principal of a plaintext connection: no identity, so no restriction. */
  public static final String ANONYMOUS = "";

  /** How a node certificate's principal starts. */
  public static final String NODE_PREFIX = "node:";

  /** The reserved call that re-runs the constructor (the object host's INIT_METHOD). */
  static final String INIT_METHOD = "__concoordinit__";

  static final int NAME_LENGTH_MAX = 255;
  static final int GRANTS_MAX = 10_000;
  static final int RULES_MAX = 10_000;
  private static final String FORMAT = "acl1";

  /** The format with tokens; a policy without tokens is still written as acl1. */
  private static final String FORMAT_TOKENS = "acl2";

  private final TreeMap<String, AccessRole> grants = new TreeMap<>();
  private final List<AccessRule> rules = new ArrayList<>();
  private AccessRole defaultRole = AccessRole.WRITER;
  private final AccessTokens tokens = new AccessTokens();

  /** The role {@code principal} has now. */
  public AccessRole roleOf(String principal) {
    if (principal.equals(ANONYMOUS) || principal.equals(ADMIN)) {
      return AccessRole.ADMIN;
    }
    AccessRole granted = grants.get(principal);
    if (granted != null) {
      return granted;
    }
    return principal.startsWith(NODE_PREFIX) ? AccessRole.NAMESERVER : defaultRole;
  }

  /**
   * The principal a bearer token names, by the SHA-256 of its secret in lower-case hex; null if no
   * token (or a revoked one) hashes to it.
   */
  public String principalOfToken(String hashHex) {
    return tokens.principalOf(hashHex);
  }

  /** The role {@code method} of {@code objectName} needs; {@code annotated} is its default. */
  public AccessRole needs(String objectName, String method, AccessRole annotated) {
    if (method.equals(INIT_METHOD)
        || method.equals(Call.ACL_METHOD)
        || method.equals(Call.UPGRADE_METHOD)) {
      return AccessRole.ADMIN;
    }
    if (method.equals(Call.KEEPALIVE_METHOD)
        || method.equals(ObjectNames.LIST_METHOD)
        || method.equals(ObjectNames.DESCRIBE_METHOD)) {
      return AccessRole.READER;
    }
    if (method.equals(ObjectNames.CREATE_METHOD) || method.equals(ObjectNames.DELETE_METHOD)) {
      return AccessRole.WRITER;
    }
    AccessRule best = null;
    for (AccessRule rule : rules) {
      if (rule.matches(objectName, method)
          && (best == null || rule.specificity() > best.specificity())) {
        best = rule;
      }
    }
    return best != null ? best.role() : annotated == null ? AccessRole.WRITER : annotated;
  }

  /** Why {@code principal} may not call {@code method}, or null if it may. */
  public String refusal(String principal, String objectName, String method, AccessRole annotated) {
    AccessRole role = roleOf(principal);
    if (role == AccessRole.ADMIN) {
      return null; // satisfies every role: the rules need not be searched
    }
    AccessRole needed = needs(objectName, method, annotated);
    if (role.satisfies(needed)) {
      return null;
    }
    return "access denied: "
        + objectName
        + "."
        + method
        + " needs the role "
        + needed.label()
        + " and principal '"
        + principal
        + "' has "
        + role.label();
  }

  /**
   * Applies one `concoord acl` command ({@code show}, {@code grant P ROLE}, {@code revoke P},
   * {@code default ROLE}, {@code rule OBJECT METHOD ROLE}, {@code unrule OBJECT METHOD}, {@code
   * token P SHA256HEX}, {@code untoken P}) and returns the policy as text.
   *
   * @throws IllegalArgumentException if the command is malformed; nothing changed then
   */
  public String apply(List<?> command) {
    List<String> words = new ArrayList<>();
    for (Object word : command) {
      if (!(word instanceof String text)) {
        throw new IllegalArgumentException("acl arguments are strings, got " + word);
      }
      words.add(text);
    }
    String verb = words.isEmpty() ? "show" : words.get(0);
    switch (verb) {
      case "show" -> expect(words, 1);
      case "grant" -> grant(words);
      case "revoke" -> revoke(words);
      case "default" -> {
        expect(words, 2);
        defaultRole = AccessRole.parse(words.get(1));
      }
      case "rule" -> rule(words);
      case "token" -> {
        expect(words, 3);
        tokens.add(words.get(1), words.get(2));
      }
      case "untoken" -> {
        expect(words, 2);
        tokens.revoke(words.get(1));
      }
      case "unrule" -> {
        expect(words, 3);
        AccessRule probe = new AccessRule(words.get(1), words.get(2), AccessRole.NONE);
        if (!rules.removeIf(
            r -> r.object().equals(probe.object()) && r.method().equals(probe.method()))) {
          throw new IllegalArgumentException(
              "no rule for " + probe.object() + "." + probe.method());
        }
      }
      default ->
          throw new IllegalArgumentException(
              "unknown acl command '"
                  + verb
                  + "': show,"
                  + " grant, revoke, default, rule, unrule, token or untoken");
    }
    return describe();
  }

  private void grant(List<String> words) {
    expect(words, 3);
    String principal = words.get(1);
    checkPrincipal(principal);
    AccessRole role = AccessRole.parse(words.get(2));
    if (!grants.containsKey(principal) && grants.size() >= GRANTS_MAX) {
      throw new IllegalArgumentException("the policy holds " + GRANTS_MAX + " grants already");
    }
    grants.put(principal, role);
  }

  private void revoke(List<String> words) {
    expect(words, 2);
    String principal = words.get(1);
    checkPrincipal(principal);
    if (grants.remove(principal) == null) {
      throw new IllegalArgumentException("no grant for '" + principal + "'");
    }
  }

  private void rule(List<String> words) {
    expect(words, 4);
    AccessRule rule = new AccessRule(words.get(1), words.get(2), AccessRole.parse(words.get(3)));
    if (rule.method().equals(INIT_METHOD) || rule.method().startsWith("__concoord")) {
      throw new IllegalArgumentException(rule.method() + " is reserved: its role is built in");
    }
    rules.removeIf(r -> r.object().equals(rule.object()) && r.method().equals(rule.method()));
    if (rules.size() >= RULES_MAX) {
      throw new IllegalArgumentException("the policy holds " + RULES_MAX + " rules already");
    }
    rules.add(rule);
    rules.sort((a, b) -> (a.object() + " " + a.method()).compareTo(b.object() + " " + b.method()));
  }

  private static void checkPrincipal(String principal) {
    checkName("principal", principal);
    if (principal.equals(ADMIN)) {
      throw new IllegalArgumentException("'" + ADMIN + "' is always admin (built in)");
    }
  }

  static void checkName(String what, String name) {
    if (name.isEmpty()
        || name.length() > NAME_LENGTH_MAX
        || name.isBlank()
        || !name.strip().equals(name)) {
      throw new IllegalArgumentException(
          "a "
              + what
              + " is 1.."
              + NAME_LENGTH_MAX
              + " characters without surrounding spaces: '"
              + name
              + "'");
    }
  }

  private static void expect(List<String> words, int count) {
    if (words.size() != count) {
      throw new IllegalArgumentException(
          "acl "
              + words.get(0)
              + " takes "
              + (count - 1)
              + " argument"
              + (count == 2 ? "" : "s")
              + ", got "
              + (words.size() - 1));
    }
  }

  /** The policy as `concoord acl show` prints it. */
  public String describe() {
    StringBuilder out = new StringBuilder();
    out.append("default ").append(defaultRole.label()).append('\n');
    for (Map.Entry<String, AccessRole> grant : grants.entrySet()) {
      out.append("grant ")
          .append(grant.getKey())
          .append(' ')
          .append(grant.getValue().label())
          .append('\n');
    }
    for (AccessRule rule : rules) {
      out.append("rule ")
          .append(rule.object())
          .append(' ')
          .append(rule.method())
          .append(' ')
          .append(rule.role().label())
          .append('\n');
    }
    tokens.describe(out);
    out.append("# built in: '")
        .append(ADMIN)
        .append("' and plaintext clients are admin;")
        .append(" node:HOST:PORT principals are nameserver unless granted\n");
    return out.toString();
  }

  /** The policy as bytes for a snapshot; equal policies give equal bytes. */
  public byte[] export() {
    List<Object> grantList = new ArrayList<>();
    grants.forEach(
        (principal, role) -> {
          grantList.add(principal);
          grantList.add(role.label());
        });
    List<Object> ruleList = new ArrayList<>();
    for (AccessRule rule : rules) {
      ruleList.add(rule.object());
      ruleList.add(rule.method());
      ruleList.add(rule.role().label());
    }
    if (tokens.isEmpty()) { // as before tokens, so that replicas of an older version read it
      return ValueCodec.encode(List.of(FORMAT, defaultRole.label(), grantList, ruleList));
    }
    return ValueCodec.encode(
        List.of(FORMAT_TOKENS, defaultRole.label(), grantList, ruleList, tokens.export()));
  }

  /**
   * Replaces this policy by the one {@link #export} wrote; empty bytes are the initial policy.
   *
   * @throws IllegalArgumentException if the bytes are no such policy (nothing changed)
   */
  public void restore(byte[] bytes) {
    AccessPolicy read = new AccessPolicy();
    if (bytes.length > 0) {
      try {
        List<?> parts = (List<?>) ValueCodec.decode(bytes);
        boolean withTokens = parts.size() == 5 && FORMAT_TOKENS.equals(parts.get(0));
        if (!withTokens && (parts.size() != 4 || !FORMAT.equals(parts.get(0)))) {
          throw new IllegalArgumentException("not an access policy");
        }
        if (withTokens) {
          read.tokens.restore((List<?>) parts.get(4));
        }
        read.defaultRole = AccessRole.parse((String) parts.get(1));
        List<?> grantList = (List<?>) parts.get(2);
        for (int i = 0; i + 1 < grantList.size(); i += 2) {
          read.grants.put(
              (String) grantList.get(i), AccessRole.parse((String) grantList.get(i + 1)));
        }
        List<?> ruleList = (List<?>) parts.get(3);
        for (int i = 0; i + 2 < ruleList.size(); i += 3) {
          read.rules.add(
              new AccessRule(
                  (String) ruleList.get(i),
                  (String) ruleList.get(i + 1),
                  AccessRole.parse((String) ruleList.get(i + 2))));
        }
      } catch (ClassCastException
          | IndexOutOfBoundsException
          | org.concoord.core.value.ValueException e) {
        throw new IllegalArgumentException("not an access policy: " + e);
      }
    }
    grants.clear();
    grants.putAll(read.grants);
    rules.clear();
    rules.addAll(read.rules);
    defaultRole = read.defaultRole;
    tokens.restore(read.tokens.export());
  }
}
