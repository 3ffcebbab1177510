package org.concoord.objects;

import org.concoord.core.sync.FencedReadWriteLock;

/**
 * Many readers or one writer. A reader waits while a writer holds the lock or waits for it, so a
 * stream of readers cannot starve a writer; waiting requests are granted in arrival order, all
 * readers queued ahead of the next writer together, so writers cannot starve readers either. Each
 * grant (read or write) returns a fencing token larger than any before. Not reentrant: a client
 * holds the lock at most once. A client whose session expires drops its hold and its waiting
 * requests.
 *
 * <p>Methods: {@code long acquireRead(Caller)}, {@code long acquireWrite(Caller)}, {@code void
 * releaseRead(Caller)}, {@code void releaseWrite(Caller)}, {@code List<Long> readers()}, {@code
 * Long writer()}, all of {@link FencedReadWriteLock}.
 */
public class ReadWriteLock extends FencedReadWriteLock {}
