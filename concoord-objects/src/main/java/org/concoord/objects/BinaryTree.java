package org.concoord.objects;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A binary search tree of longs (unbalanced, no duplicates). Unlike the original, whose methods
 * took node objects and so could not be called remotely, every method takes and returns values.
 * Loops rather than recursion, so that a degenerate tree cannot overflow the node's stack.
 */
public class BinaryTree {
  private static final class Node {
    final long key;
    Node left;
    Node right;

    private Node() { // for snapshots
      this(0);
    }

    Node(long key) {
      this.key = key;
    }
  }

  private Node root;
  private int size;

  /** Inserts {@code key}; false if it was already there. */
  public boolean insert(long key) {
    if (root == null) {
      root = new Node(key);
      size++;
      return true;
    }
    Node node = root;
    while (node.key != key) {
      Node next = key < node.key ? node.left : node.right;
      if (next == null) {
        if (key < node.key) {
          node.left = new Node(key);
        } else {
          node.right = new Node(key);
        }
        size++;
        return true;
      }
      node = next;
    }
    return false;
  }

  public boolean contains(long key) {
    Node node = root;
    while (node != null && node.key != key) {
      node = key < node.key ? node.left : node.right;
    }
    return node != null;
  }

  /** The keys in ascending order. */
  public List<Long> inorder() {
    List<Long> keys = new ArrayList<>(size);
    Deque<Node> path = new ArrayDeque<>();
    for (Node node = root; node != null || !path.isEmpty(); node = node.right) {
      for (; node != null; node = node.left) {
        path.push(node);
      }
      node = path.pop();
      keys.add(node.key);
    }
    return keys;
  }

  /** The smallest key, or null when empty. */
  public Long min() {
    Node node = root;
    while (node != null && node.left != null) {
      node = node.left;
    }
    return node == null ? null : node.key;
  }

  /** The largest key, or null when empty. */
  public Long max() {
    Node node = root;
    while (node != null && node.right != null) {
      node = node.right;
    }
    return node == null ? null : node.key;
  }

  public int size() {
    return size;
  }

  @Override
  public String toString() {
    return "BinaryTree of " + size + " keys";
  }
}
