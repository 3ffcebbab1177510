package org.concoord.objects;

import org.concoord.core.sync.GenerationBarrier;

/**
 * A reusable barrier for a number of parties (2 by default; {@code setParties} changes it while no
 * one waits). Each {@code await} parks until the last party arrives; that arrival releases every
 * waiting party at once (the original released only one per call) and all of them return the number
 * of the generation they completed, 0 first. The next arrivals start a new generation. A waiting
 * party whose session expires no longer counts as arrived.
 *
 * <p>Methods: {@code void setParties(int)}, {@code long await(Caller)}, {@code int parties()},
 * {@code int waiting()}, {@code long generation()}, all of {@link GenerationBarrier}.
 */
public class Barrier extends GenerationBarrier {}
