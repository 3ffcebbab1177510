package org.concoord.objects;

import org.concoord.core.sync.FencedCondition;

/**
 * A lock with one condition, Mesa style. The holder of the lock may {@code await}: that releases
 * the lock and parks the caller until a {@code signal} moves it to the lock's queue, and it returns
 * when the lock is handed back to it, with a new fencing token. {@code acquire} and the await's
 * return both give fencing tokens, larger than any granted before.
 *
 * <p>The original lost a waiter whenever its await's release of the lock woke another client; here
 * parking and handing the lock over are independent steps, so every awaiting client is either still
 * awaiting, queued for the lock, or holding it. A client whose session expires leaves both queues
 * and, if it held the lock, hands it over.
 *
 * <p>Methods: {@code long acquire(Caller)}, {@code void release(Caller)}, {@code long
 * await(Caller)}, {@code int signal(Caller, int n)}, {@code int signalAll(Caller)}, {@code Long
 * holder()}, {@code int awaiting()}, all of {@link FencedCondition}.
 */
public class Condition extends FencedCondition {}
