package org.concoord.core.replica;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.concoord.corpus.Adder;
import org.concoord.corpus.Agenda;
import org.concoord.corpus.Bank;
import org.concoord.corpus.BigCounter;
import org.concoord.corpus.BoundedBuffer;
import org.concoord.corpus.EventLog;
import org.concoord.corpus.Greeter;
import org.concoord.corpus.Grid;
import org.concoord.corpus.Inventory;
import org.concoord.corpus.MaybeBox;
import org.concoord.corpus.Points;
import org.concoord.corpus.PriceBook;
import org.concoord.corpus.Ranking;
import org.concoord.corpus.Registry;
import org.concoord.corpus.Roster;
import org.concoord.corpus.Scores;
import org.concoord.corpus.Sensor;
import org.concoord.corpus.StringStore;
import org.concoord.corpus.Summer;
import org.concoord.corpus.Tally;
import org.concoord.corpus.TeamLock;
import org.concoord.corpus.Thesaurus;
import org.concoord.corpus.Wallet;

/**
 * The scripts {@link CorpusClusterTest} runs: for each accepted class of the object corpus, the
 * calls (a method and its arguments) that exercise what the class is in the corpus for.
 */
final class CorpusScripts {
  private CorpusScripts() {}

  /** One call of the script: a method and its arguments. */
  record Step(String method, Object... args) {
    @Override
    public String toString() {
      return method + Arrays.toString(args);
    }
  }

  static Step step(String method, Object... args) {
    return new Step(method, args);
  }

  /** Every accepted class with its script, in a fixed order. */
  static Map<Class<?>, List<Step>> all() {
    Map<Class<?>, List<Step>> scripts = new LinkedHashMap<>();
    putJdkValueScripts(scripts);
    putNumberAndKeyScripts(scripts);
    putArgumentShapeScripts(scripts);
    putOutcomeScripts(scripts);
    putContainerScripts(scripts);
    return scripts;
  }

  /** JDK value types: decimals keeping their scale, instants and durations, dates, UUIDs. */
  private static void putJdkValueScripts(Map<Class<?>, List<Step>> scripts) {
    scripts.put(
        Wallet.class,
        List.of(
            step("deposit", "0.10"),
            step("deposit", "1.1000"),
            step("last"),
            step("deposit", "2.50"),
            step("balance"),
            step("last")));
    scripts.put(
        PriceBook.class,
        List.of(
            step("set", "tea", new BigDecimal("0.10")),
            step("set", "cake", new BigDecimal("1.1000")),
            step("price", "tea"),
            step("set", "jam", new BigDecimal("-0.0")),
            step("all"),
            step("price", "cake")));
    Instant t0 = Instant.parse("2026-12-06T21:30:00.123456789Z");
    scripts.put(
        EventLog.class,
        List.of(
            step("record", t0, Duration.ofMillis(5)),
            step("record", t0.plusSeconds(1), Duration.ofNanos(7)),
            step("last"),
            step("record", t0.minusSeconds(9), Duration.ofDays(1)),
            step("total"),
            step("events")));
    LocalDate day = LocalDate.of(2026, 12, 6);
    scripts.put(
        Agenda.class,
        List.of(
            step("book", day, "dentist"),
            step("book", day.minusDays(3), "review"),
            step("book", day, "again"),
            step("first"),
            step("on", day),
            step("on", day.plusDays(1))));
    UUID a = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
    UUID b = UUID.fromString("00000000-0000-0000-0000-000000000001");
    scripts.put(
        Registry.class,
        List.of(
            step("register", a, "ann"),
            step("register", b, "bob"),
            step("name", a),
            step("register", a, "anna"),
            step("names"),
            step("name", b)));
  }

  /** Numbers past a long, floating and small types, enum and integer keys. */
  private static void putNumberAndKeyScripts(Map<Class<?>, List<Step>> scripts) {
    scripts.put(
        BigCounter.class,
        List.of(
            step("multiply", BigInteger.TEN.pow(20)),
            step("multiply", new BigInteger("-12345678901234567890")),
            step("value"),
            step("multiply", BigInteger.TWO),
            step("value"),
            step("value")));
    scripts.put(
        Sensor.class,
        List.of(
            step("read", List.of(0.1, 0.5f, "C")),
            step("read", List.of(Double.NaN, 1.0f, "F")),
            step("flags"),
            step("read", List.of(-0.0, 3.25f, "C")),
            step("readings"),
            step("flags")));
    scripts.put(
        Tally.class,
        List.of(
            step("vote", "BLUE"),
            step("vote", "RED"),
            step("vote", "BLUE"),
            step("counts"),
            step("vote", "GREEN"),
            step("counts")));
    scripts.put(
        Scores.class,
        List.of(
            step("set", 300, "c"),
            step("set", 17, "q"),
            step("set", -4, "m"),
            step("byId"),
            step("set", 1 << 20, "z"),
            step("byId")));
  }

  /** Arguments of many shapes: records, overloads by arity, varargs, plain classes. */
  private static void putArgumentShapeScripts(Map<Class<?>, List<Step>> scripts) {
    scripts.put(
        Roster.class,
        List.of(
            step("join", new Roster.Member("ann", 41)),
            step("join", List.of("bob", 52)),
            step("oldest"),
            step("join", Map.of("name", "cy", "age", 7)),
            step("members"),
            step("oldest")));
    scripts.put(
        Adder.class,
        List.of(
            step("add"),
            step("add", 5),
            step("add", 2, 3),
            step("add"),
            step("add", -1),
            step("add", 1, 1)));
    scripts.put(
        Summer.class,
        List.of(
            step("sum", List.of(1, 2, 3)),
            step("sum", List.of()),
            step("total"),
            step("sum", List.of(-10)),
            step("sum", List.of(4, 4)),
            step("total")));
    scripts.put(
        Points.class,
        List.of(
            step("add", Map.of("x", 1, "y", 2)),
            step("add", Map.of("x", -5)),
            step("points"),
            step("add", Map.of("y", 9)),
            step("points"),
            step("add", Map.of())));
  }

  /** Calls that throw, answer empty, park, take a Caller, or run the library's lock. */
  private static void putOutcomeScripts(Map<Class<?>, List<Step>> scripts) {
    scripts.put(
        Bank.class,
        List.of(
            step("open", "ann"),
            step("open", "ann"),
            step("attempts"),
            step("open", "bob"),
            step("open", "bob"),
            step("attempts")));
    scripts.put(
        MaybeBox.class,
        List.of(
            step("put", "k", "v"),
            step("find", "k"),
            step("find", "nothing"),
            step("put", "k", "w"),
            step("find", "k"),
            step("find", "z")));
    scripts.put(
        BoundedBuffer.class,
        List.of(
            step("put", "a"),
            step("take"),
            step("take"),
            step("size"),
            step("put", "b"),
            step("put", "c")));
    scripts.put(
        Greeter.class,
        List.of(
            step("hello", "ann"),
            step("hello", "bob"),
            step("greeted"),
            step("hello", "cy"),
            step("greeted"),
            step("hello", "dee")));
    scripts.put(
        TeamLock.class,
        List.of(
            step("acquire"),
            step("holder"),
            step("release"),
            step("holder"),
            step("acquire"),
            step("token")));
  }

  /** Containers: nested, generic through a subclass, arrays, sorted, refilled in place. */
  private static void putContainerScripts(Map<Class<?>, List<Step>> scripts) {
    scripts.put(
        Inventory.class,
        List.of(
            step("add", "x", 5),
            step("add", "y", 1),
            step("add", "x", 7),
            step("lots", "x"),
            step("add", "x", 2),
            step("lots", "x")));
    scripts.put(
        StringStore.class,
        List.of(
            step("add", "x"),
            step("add", "y"),
            step("get", 1),
            step("add", "z"),
            step("joined"),
            step("get", 0)));
    scripts.put(
        Grid.class,
        List.of(
            step("set", 0, 0, 5),
            step("set", 0, 2, 7),
            step("row", 0),
            step("set", 2, 1, -1),
            step("set", 0, 0, 1),
            step("row", 0)));
    scripts.put(
        Thesaurus.class,
        List.of(
            step("add", "big", "large"),
            step("add", "big", "huge"),
            step("synonyms", "big"),
            step("add", "small", "tiny"),
            step("add", "big", "ample"),
            step("synonyms", "big")));
    scripts.put(
        Ranking.class,
        List.of(
            step("push", 5),
            step("push", 1),
            step("push", 9),
            step("push", 3),
            step("poll"),
            step("push", 0),
            step("poll"),
            step("poll")));
  }
}
