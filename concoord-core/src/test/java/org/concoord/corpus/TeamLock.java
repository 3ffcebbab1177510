package org.concoord.corpus;

import org.concoord.core.sync.FencedLock;

/** The library's lock under the user's name. */
public class TeamLock extends FencedLock {}
