package org.concoord.simulator.check;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * Lowe's memoization for the Wing-Gong-Lowe search: the configurations (operations linearized,
 * state) already explored. Reaching one again means exploring the same subtree again, which failed
 * the first time (or the search would have stopped), so the search skips it. Not thread-safe.
 */
final class Memo<S> {
  private final Model<S> model;
  private final Set<Configuration> explored = new HashSet<>();

  Memo(Model<S> model) {
    this.model = model;
  }

  /** Records the configuration; false if it was explored before. Copies the bits only if new. */
  boolean rememberNew(LinearizedSet linearized, S state) {
    Configuration probe = new Configuration(linearized.words(), linearized.hash(), state);
    if (explored.contains(probe)) {
      return false;
    }
    explored.add(new Configuration(linearized.copyOfWords(), linearized.hash(), state));
    return true;
  }

  int size() {
    return explored.size();
  }

  /** A memo key: which operations are linearized, and the state they led to. */
  private final class Configuration {
    private final long[] words;
    private final S state;
    private final int hash;

    Configuration(long[] words, long wordsHash, S state) {
      this.words = words;
      this.state = state;
      this.hash = 31 * Long.hashCode(wordsHash) + model.stateHash(state);
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    @SuppressWarnings("unchecked")
    public boolean equals(Object other) {
      if (!(other instanceof Memo<?>.Configuration)) {
        return false;
      }
      Configuration that = (Configuration) other;
      return hash == that.hash
          && Arrays.equals(words, that.words)
          && model.stateEquals(state, that.state);
    }
  }
}
