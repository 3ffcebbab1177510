package org.concoord.objects;

import org.concoord.core.sync.FencedReentrantLock;

/**
 * A reentrant lock: the holder may acquire it again, and must release it as many times as it
 * acquired it before the next waiter (first come first served) gets it. Each grant to a new holder
 * returns a fencing token larger than any before; a reentrant acquire returns the token of the
 * grant it is part of. A holder whose session expires releases the lock at once, however many times
 * it acquired it.
 *
 * <p>Methods: {@code long acquire(Caller)}, {@code int release(Caller)} (the acquires the caller
 * still holds), {@code Long holder()}, {@code int count()}, all of {@link FencedReentrantLock}.
 */
public class RLock extends FencedReentrantLock {}
