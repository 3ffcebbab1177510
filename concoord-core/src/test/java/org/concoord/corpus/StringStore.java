package org.concoord.corpus;

import java.util.ArrayList;

/** A generic class bound by a subclass in the same file. */
public class StringStore extends Store<String> {
  public String joined() {
    return String.join(",", items);
  }
}

/** The generic base: its T is String in StringStore. */
class Store<T> {
  protected final ArrayList<T> items = new ArrayList<>();

  public int add(T item) {
    items.add(item);
    return items.size();
  }

  public T get(int index) {
    return items.get(index);
  }
}
