package org.concoord.objects;

import org.concoord.core.sync.FencedLock;

/**
 * A mutual-exclusion lock owned by a client. {@code acquire} returns at once when the lock is free
 * and otherwise parks the call until a {@code release} hands the lock over, first come first
 * served. Every grant returns a fencing token, larger than any token granted before, so that a
 * resource guarded by the lock can refuse a stale holder (one whose session expired while it still
 * thought it held the lock). Not reentrant: acquiring a lock the same client already holds is an
 * error rather than a deadlock. Only the holder may release; a holder whose session expires
 * releases the lock.
 *
 * <p>Methods: {@code long acquire(Caller)}, {@code void release(Caller)}, {@code Long holder()},
 * {@code long token()}, all of {@link FencedLock}, the primitive this lock is (as the original's
 * Lock was its DLock).
 */
public class Lock extends FencedLock {}
