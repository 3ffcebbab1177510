package org.concoord.corpus;

import java.util.PriorityQueue;

/** A priority queue the constructor made: refilled in place, its heap order kept. */
public class Ranking {
  private final PriorityQueue<Long> heap = new PriorityQueue<>();

  public int push(long score) {
    heap.add(score);
    return heap.size();
  }

  public Long poll() {
    return heap.poll();
  }
}
