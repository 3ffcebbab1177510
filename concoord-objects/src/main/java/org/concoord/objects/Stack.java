package org.concoord.objects;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

/** A LIFO stack of strings. {@code pop} and {@code peek} on an empty stack throw. */
public class Stack {
  private final List<String> items = new ArrayList<>();

  /** Pushes {@code item}; returns the stack's size. */
  public int push(String item) {
    if (item == null) {
      throw new IllegalArgumentException("a stack holds no nulls");
    }
    items.add(item);
    return items.size();
  }

  public String pop() {
    checkNotEmpty();
    return items.remove(items.size() - 1);
  }

  public String peek() {
    checkNotEmpty();
    return items.get(items.size() - 1);
  }

  public int size() {
    return items.size();
  }

  /** The items, bottom first. */
  public List<String> items() {
    return List.copyOf(items);
  }

  private void checkNotEmpty() {
    if (items.isEmpty()) {
      throw new NoSuchElementException("the stack is empty");
    }
  }

  @Override
  public String toString() {
    return "Stack " + items;
  }
}
