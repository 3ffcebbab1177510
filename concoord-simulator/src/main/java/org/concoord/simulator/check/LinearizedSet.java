package org.concoord.simulator.check;

import java.util.Arrays;

/**
 * The set of operations linearized so far, as a bitset with an incrementally kept Zobrist hash, so
 * the search can probe its memo in O(1) per step and copy the bits only when it stores a new
 * configuration. Not thread-safe.
 */
final class LinearizedSet {
  private final long[] words;
  private long hash;

  LinearizedSet(int size) {
    words = new long[(size + Long.SIZE - 1) / Long.SIZE];
  }

  void add(int index) {
    words[index >>> 6] |= 1L << index;
    hash ^= mix(index);
  }

  void remove(int index) {
    words[index >>> 6] &= ~(1L << index);
    hash ^= mix(index);
  }

  boolean contains(int index) {
    return (words[index >>> 6] & (1L << index)) != 0;
  }

  /** The live bits: valid until the next add or remove. */
  long[] words() {
    return words;
  }

  long[] copyOfWords() {
    return Arrays.copyOf(words, words.length);
  }

  long hash() {
    return hash;
  }

  /** SplitMix64's finalizer: a fixed pseudo-random 64-bit key per index, so runs are repeatable. */
  private static long mix(int index) {
    long z = (index + 1) * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
