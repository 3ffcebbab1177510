package org.concoord.corpus;

/** Arrays of primitives, nested. */
public class Grid {
  private int[][] cells = new int[3][3];
  private long[] rowSums = new long[3];

  public long set(int row, int column, int value) {
    rowSums[row] += value - cells[row][column];
    cells[row][column] = value;
    return rowSums[row];
  }

  public int[] row(int row) {
    return cells[row];
  }
}
