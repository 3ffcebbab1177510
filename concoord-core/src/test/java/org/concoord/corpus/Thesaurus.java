package org.concoord.corpus;

import java.util.TreeMap;
import java.util.TreeSet;

/** Sorted sets inside a sorted map. */
public class Thesaurus {
  private final TreeMap<String, TreeSet<String>> words = new TreeMap<>();

  public int add(String word, String synonym) {
    TreeSet<String> synonyms = words.computeIfAbsent(word, w -> new TreeSet<>());
    synonyms.add(synonym);
    return synonyms.size();
  }

  public TreeSet<String> synonyms(String word) {
    return words.getOrDefault(word, new TreeSet<>());
  }
}
