/**
 * Oracles for recorded client histories, kept apart from the protocol code they judge.
 *
 * <p>A {@link org.concoord.simulator.check.History} records what clients saw: each operation's
 * invocation, and either its output and completion time or that it never answered (indeterminate).
 * Two checkers judge it:
 *
 * <ul>
 *   <li>{@link org.concoord.simulator.check.LinearizabilityChecker}: the Wing-Gong-Lowe search with
 *       memoization (as Porcupine does) against a sequential {@link
 *       org.concoord.simulator.check.Model}; exponential in the worst case, so it runs under a step
 *       budget and may answer UNKNOWN.
 *   <li>{@link org.concoord.simulator.check.AppendListChecker}: an n log n check for an append-only
 *       list workload (Elle's list-append idea, Accord's verifier), which never needs a search
 *       because every output reveals the whole order up to it.
 * </ul>
 *
 * <p>Nothing here reads a clock, does I/O, or knows about Paxos.
 */
package org.concoord.simulator.check;
