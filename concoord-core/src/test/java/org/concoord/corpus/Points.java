package org.concoord.corpus;

import java.util.ArrayList;
import java.util.List;

/** A plain class with public fields, as argument, result and state. */
public class Points {
  public static class Point {
    public int x;
    public int y;
  }

  private final ArrayList<Point> points = new ArrayList<>();

  public int add(Point point) {
    points.add(point);
    return points.size();
  }

  public List<Point> points() {
    return points;
  }
}
