package org.concoord.objects;

import org.concoord.core.sync.Latch;

/**
 * A latch that opens once counted down to zero: {@code await} parks while the count is above zero,
 * and the {@code countDown} that reaches zero releases every waiter. The count is 1 by default;
 * {@code setCount} sets it (again), which closes an open latch. A waiter whose session expires is
 * dropped, never released.
 *
 * <p>Methods: {@code void setCount(long)}, {@code long countDown()} (the count left), {@code void
 * await(Caller)}, {@code long count()}, all of {@link Latch}.
 */
public class CountDownLatch extends Latch {}
