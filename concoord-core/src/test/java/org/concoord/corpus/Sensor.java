package org.concoord.corpus;

import java.util.ArrayList;
import java.util.List;

/** Floating and small integral types, and a record of them. */
public class Sensor {
  public record Reading(double value, float weight, char unit) {}

  private final ArrayList<Reading> readings = new ArrayList<>();
  private double sum;
  private short count;
  private byte flags;

  public double read(Reading reading) {
    readings.add(reading);
    sum += reading.value() * reading.weight();
    count++;
    flags |= (byte) (reading.unit() == 'C' ? 1 : 2);
    return sum;
  }

  public List<Reading> readings() {
    return readings;
  }

  public int flags() {
    return flags + count * 4;
  }
}
