/**
 * Oracles for recorded client histories, kept apart from the protocol code they judge.
 *
 * <p>A {@link org.concoord.simulator.check.History} records what clients saw: each operation's
 * invocation, and either its output and completion time or that it never answered (indeterminate).
 * Checkers judge it:
 *
 * <ul>
 *   <li>{@link org.concoord.simulator.check.LinearizabilityChecker}: the Wing-Gong-Lowe search with
 *       memoization (as Porcupine does) against a sequential {@link
 *       org.concoord.simulator.check.Model}; exponential in the worst case, so it runs under a step
 *       budget and may answer UNKNOWN.
 *   <li>{@link org.concoord.simulator.check.AppendListChecker}: an n log n check for an append-only
 *       list workload (Elle's list-append idea, Accord's verifier), which never needs a search
 *       because every output reveals the whole order up to it.
 *   <li>{@link org.concoord.simulator.check.CounterChecker}: an exact n log n check of a counter's
 *       {@code add(1)} and {@code get()} calls, recorded compactly in a {@link
 *       org.concoord.simulator.check.CounterHistory}: each add's output names its place in the
 *       order, so the values can be placed one after another without a search (process-level fault
 *       tests with millions of calls).
 * </ul>
 *
 * <p>Nothing here reads a clock, does I/O, or knows about Paxos.
 */
package org.concoord.simulator.check;
