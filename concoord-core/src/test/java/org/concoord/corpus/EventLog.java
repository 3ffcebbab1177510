package org.concoord.corpus;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Instants and durations from the callers (an object reads no clock of its own). */
public class EventLog {
  private final ArrayList<Instant> events = new ArrayList<>();
  private Duration total = Duration.ZERO;

  public int record(Instant at, Duration took) {
    events.add(at);
    total = total.plus(took);
    return events.size();
  }

  public Instant last() {
    return events.isEmpty() ? null : events.get(events.size() - 1);
  }

  public Duration total() {
    return total;
  }

  public List<Instant> events() {
    return events;
  }
}
