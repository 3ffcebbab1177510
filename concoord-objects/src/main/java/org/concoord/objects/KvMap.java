package org.concoord.objects;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.concoord.core.access.Access;
import org.concoord.core.access.AccessRole;

/**
 * A string map with versions. Every write (put, remove, successful compareAndSet) takes the next
 * revision of the whole map, and a key's version is the revision of its last write, so a version is
 * never reused, even by a key removed and put again (no ABA). Version 0 means absent.
 */
public class KvMap {
  /** A value with its version; value null and version 0 when absent. */
  public record Versioned(String value, long version) {}

  private final Map<String, Versioned> entries = new TreeMap<>();
  private long revision;

  @Access(AccessRole.READER)
  public String get(String key) {
    return getVersioned(key).value();
  }

  @Access(AccessRole.READER)
  public Versioned getVersioned(String key) {
    Versioned entry = entries.get(key);
    return entry == null ? new Versioned(null, 0) : entry;
  }

  /** Sets {@code key} to {@code value}; returns the new version. */
  public long put(String key, String value) {
    if (key == null || value == null) {
      throw new IllegalArgumentException("keys and values must not be null");
    }
    entries.put(key, new Versioned(value, ++revision));
    return revision;
  }

  /** Removes {@code key}; false if it was absent. */
  public boolean remove(String key) {
    if (entries.remove(key) == null) {
      return false;
    }
    revision++;
    return true;
  }

  /**
   * Sets {@code key} to {@code value} if its version is {@code expectedVersion} (0: absent);
   * returns the new version, or -1 (and changes nothing) if the version differs.
   */
  public long compareAndSet(String key, long expectedVersion, String value) {
    return getVersioned(key).version() == expectedVersion ? put(key, value) : -1;
  }

  /** Sets {@code key} to {@code value} if it currently holds {@code expected} (null: absent). */
  public boolean compareAndSwap(String key, String expected, String value) {
    String current = get(key);
    if (expected == null ? current != null : !expected.equals(current)) {
      return false;
    }
    put(key, value);
    return true;
  }

  @Access(AccessRole.READER)
  public long version(String key) {
    return getVersioned(key).version();
  }

  /** The keys, sorted. */
  @Access(AccessRole.READER)
  public List<String> keys() {
    return List.copyOf(entries.keySet());
  }

  @Access(AccessRole.READER)
  public int size() {
    return entries.size();
  }

  /** The map's revision: how many writes it has taken. */
  @Access(AccessRole.READER)
  public long revision() {
    return revision;
  }

  @Override
  @Access(AccessRole.READER)
  public String toString() {
    return "KvMap of " + entries.size() + " keys at revision " + revision;
  }
}
