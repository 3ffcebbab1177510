package org.concoord.core.access;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The bearer tokens of the access policy: the SHA-256 of each token's secret (64 hex digits) and
 * the principal it names. A token is created outside (by {@code concoord acl token}: a 256-bit
 * random secret, shown once) and only its hash is replicated, so neither the policy, a snapshot nor
 * a backup holds a usable token. Revoked by principal: every token naming it goes.
 *
 * <p>Not thread-safe. Does no I/O. Deterministic: equal commands give equal tables.
 */
final class AccessTokens {
  static final int TOKENS_MAX = 10_000;

  /** Hex digits of a SHA-256. */
  static final int HASH_HEX_LENGTH = 64;

  /** How much of a hash {@code acl show} prints: enough to tell tokens apart, not to use one. */
  static final int HASH_SHOWN = 12;

  private final TreeMap<String, String> principals = new TreeMap<>();

  /** The principal of the token whose secret hashes to {@code hashHex}, or null. */
  String principalOf(String hashHex) {
    return principals.get(hashHex);
  }

  /** {@code token PRINCIPAL HASH}: the token hashing to HASH names PRINCIPAL from now on. */
  void add(String principal, String hashHex) {
    AccessPolicy.checkName("principal", principal);
    if (principal.startsWith(AccessPolicy.NODE_PREFIX)) {
      throw new IllegalArgumentException("a token cannot name a node: '" + principal + "'");
    }
    if (hashHex.length() != HASH_HEX_LENGTH || !hashHex.matches("[0-9a-f]+")) {
      throw new IllegalArgumentException(
          "a token's hash is the SHA-256 of its secret in "
              + HASH_HEX_LENGTH
              + " lower-case hex digits");
    }
    if (principals.containsKey(hashHex)) {
      throw new IllegalArgumentException("that token exists already");
    }
    if (principals.size() >= TOKENS_MAX) {
      throw new IllegalArgumentException("the policy holds " + TOKENS_MAX + " tokens already");
    }
    principals.put(hashHex, principal);
  }

  /** {@code untoken PRINCIPAL}: every token naming PRINCIPAL is revoked. */
  void revoke(String principal) {
    if (!principals.values().removeIf(principal::equals)) {
      throw new IllegalArgumentException("no token names '" + principal + "'");
    }
  }

  boolean isEmpty() {
    return principals.isEmpty();
  }

  /** One line per token, as {@code acl show} prints them (a hash prefix only). */
  void describe(StringBuilder out) {
    for (Map.Entry<String, String> token : principals.entrySet()) {
      out.append("token ")
          .append(token.getValue())
          .append(" sha256:")
          .append(token.getKey(), 0, HASH_SHOWN)
          .append("...\n");
    }
  }

  /** Hash, principal, hash, principal... in hash order (for a snapshot). */
  List<Object> export() {
    List<Object> list = new ArrayList<>();
    principals.forEach(
        (hash, principal) -> {
          list.add(hash);
          list.add(principal);
        });
    return list;
  }

  /** Replaces the table by what {@link #export} wrote (checked as if added one by one). */
  void restore(List<?> list) {
    AccessTokens read = new AccessTokens();
    for (int i = 0; i + 1 < list.size(); i += 2) {
      read.add((String) list.get(i + 1), (String) list.get(i));
    }
    principals.clear();
    principals.putAll(read.principals);
  }
}
