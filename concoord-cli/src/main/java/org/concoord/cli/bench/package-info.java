/**
 * The engine of {@code concoord bench}: closed-loop load ({@code LoadGenerator}), the method mix
 * and the named objects calls spread over ({@code MethodMix}, {@code NamedTargets}), and the watch
 * benchmark ({@code WatchBench}). Depends on the client library only.
 */
package org.concoord.cli.bench;
