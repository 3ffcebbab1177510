package org.concoord.objects;

import org.concoord.core.sync.FencedSemaphore;

/**
 * A counting semaphore, one permit to start with ({@code init} sets another number). {@code
 * acquire} takes a permit or parks until a {@code release} hands one over, first come first served,
 * and returns a fencing token larger than any granted before. As in Python's (and Java's)
 * semaphore, any client may release, even one that holds no permit, which adds a permit. The
 * permits a client holds (acquired and not released by it) are released when its session expires,
 * so that a crashed client cannot leak them.
 *
 * <p>Methods: {@code void init(int)}, {@code long acquire(Caller)}, {@code void release(Caller)},
 * {@code int available()}, {@code int permits()}, all of {@link FencedSemaphore}.
 */
public class Semaphore extends FencedSemaphore {}
