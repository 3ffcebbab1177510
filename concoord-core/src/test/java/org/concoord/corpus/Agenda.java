package org.concoord.corpus;

import java.time.LocalDate;
import java.util.TreeMap;

/** Appointments by day: LocalDate map keys. */
public class Agenda {
  private final TreeMap<LocalDate, String> days = new TreeMap<>();

  public boolean book(LocalDate day, String what) {
    return days.putIfAbsent(day, what) == null;
  }

  public String on(LocalDate day) {
    return days.get(day);
  }

  public LocalDate first() {
    return days.isEmpty() ? null : days.firstKey();
  }
}
