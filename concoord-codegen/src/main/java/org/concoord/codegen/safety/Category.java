package org.concoord.codegen.safety;

/**
 * What makes a construct unfit for a replicated object: every replica runs the same calls in the
 * same order and must reach the same state, on its one thread, without harming the node. Each
 * category has a short {@code label} for one-line findings and a {@code why} for verbose output.
 */
public enum Category {
  CLOCK(
      "reads a clock",
      "each replica reads its own clock at its own moment, so the replicas diverge; use"
          + " Caller.stampTicks(), the leader's stamp, the same on every replica"),
  RANDOM(
      "draws random numbers",
      "each replica draws different numbers, so the replicas diverge; take randomness as a call"
          + " argument, or seed a generator from the object's own state"),
  THREAD(
      "uses threads, locks or waiting",
      "a replica runs the object on its one thread, one call at a time in slot order: another"
          + " thread acts at a different moment on each replica, and waiting blocks the whole"
          + " node; to make a call wait for a later one, park it with Caller.park()"),
  IO(
      "does file, network or process I/O",
      "files, sockets and processes differ between the replicas' machines, every replica (and"
          + " every recovery) repeats the effect, and a call blocked on I/O stalls the node;"
          + " keep the state in fields and let clients do the I/O"),
  ENVIRONMENT(
      "reads or changes the environment",
      "environment variables, system properties, default locale and time zone, and machine"
          + " resources differ between the replicas' machines, so the replicas diverge"),
  REFLECTION(
      "uses reflection",
      "reflection reaches past the object (other classes' private state, the node itself) and"
          + " past this check, which reads direct calls only"),
  NATIVE(
      "runs native code",
      "native code is outside what this check can read: it may do anything above, or crash the"
          + " node"),
  STATIC_STATE(
      "mutable static state",
      "static fields are shared by every instance in the JVM and outlive __concoordinit__,"
          + " which replaces only the instance; state outside the instance is not what the"
          + " replicas agree on"),
  UNLISTED(
      "not known to be deterministic",
      "the check allows only the JDK classes and methods known to give the same result on every"
          + " machine (the object's own classes, java.lang values and strings, java.util"
          + " collections, java.math, java.time values, sequential streams, ConCoord's Caller and"
          + " primitives); anything else, a library included, may read a clock, a locale, a file"
          + " or another thread, so the replicas could diverge"),
  HOSTING(
      "cannot be hosted",
      "the replicas construct the class with its public no-argument constructor and clients call"
          + " it through a proxy that extends it, one method per name and number of arguments"),
  VALUES(
      "a method clients cannot call",
      "every public method is a call clients can make, so its parameters and result must be"
          + " values ConCoord carries exactly (see docs/objects-and-proxies.md); a proxy method"
          + " that fails on every call would be a trap"),
  STATE(
      "state a snapshot cannot carry",
      "a replica that joins or lags gets the state as a snapshot, which must rebuild every field"
          + " exactly, with the same iteration orders, or the replicas diverge"),
  READ_ONLY(
      "a @ReadOnly method that writes",
      "a method marked @ReadOnly promises to change nothing of the object's state: reads served"
          + " without a log slot and watches run it on one replica only, so a write there would"
          + " change that replica alone; remove the mark, or the write"),
  IDENTITY_HASH(
      "identity hash code",
      "identity hash codes (Object.hashCode, and the Name@1b6d3586 of Object.toString) differ"
          + " between JVMs, and so do results and HashMap/HashSet iteration orders built on them;"
          + " override hashCode and toString, or use records");

  private final String label;
  private final String why;

  Category(String label, String why) {
    this.label = label;
    this.why = why;
  }

  /** A few words, shown in parentheses after each finding. */
  public String label() {
    return label;
  }

  /** Why the category is unsafe and what to do instead, for verbose output. */
  public String why() {
    return why;
  }
}
