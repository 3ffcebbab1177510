package org.concoord.cli.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The methods a bench caller calls, with weights: {@code get:9,increment:1} is 9 reads for each
 * write. Each caller goes round the mix in order (no random draw: every thread's calls are the same
 * sequence, so two runs call alike), starting at its own offset so that the writes of the callers
 * do not all come at once.
 */
public final class MethodMix {
  private final String[] sequence;
  private final long[] next;

  private MethodMix(String[] sequence, int threadsMax) {
    this.sequence = sequence;
    this.next = new long[threadsMax];
    for (int t = 0; t < threadsMax; t++) {
      next[t] = t; // each caller starts at its own place in the round
    }
  }

  /**
   * Parses {@code name[:weight],...} (weights 1..1000, default 1) for up to {@code threadsMax}
   * callers.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static MethodMix parse(String spec, int threadsMax) {
    List<String> sequence = new ArrayList<>();
    for (String part : spec.split(",")) {
      String[] nameWeight = part.trim().split(":");
      String name = nameWeight[0].trim();
      if (name.isEmpty() || nameWeight.length > 2) {
        throw new IllegalArgumentException("--method takes name[:weight],..., got '" + spec + "'");
      }
      int weight;
      try {
        weight = nameWeight.length == 2 ? Integer.parseInt(nameWeight[1].trim()) : 1;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("weight of '" + name + "' is not a number: " + part);
      }
      if (weight < 1 || weight > 1000) {
        throw new IllegalArgumentException("weight of '" + name + "' must be 1..1000: " + part);
      }
      for (int i = 0; i < weight; i++) {
        sequence.add(name);
      }
    }
    return new MethodMix(sequence.toArray(String[]::new), Math.max(1, threadsMax));
  }

  /** The first method of the mix (the one objects are created with). */
  public String first() {
    return sequence[0];
  }

  /** The method caller {@code thread} calls next. Each caller is one thread: no sharing. */
  public String next(int thread) {
    return sequence[(int) (next[thread]++ % sequence.length)];
  }
}
