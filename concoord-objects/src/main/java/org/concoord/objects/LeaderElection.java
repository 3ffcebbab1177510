package org.concoord.objects;

import org.concoord.core.sync.FencedElection;

/**
 * Leader election among clients. {@code campaign(name)} returns at once when there is no leader and
 * otherwise parks until the candidates ahead of it have led; it returns the new leader's term,
 * larger than every term before (a fencing token for whatever the leader writes). The leader {@code
 * resign}s, or its session expires; either way the next candidate still waiting becomes leader.
 * {@code leader()} names the current leader.
 *
 * <p>Methods: {@code long campaign(Caller, String name)}, {@code void resign(Caller)}, {@code
 * String leader()}, {@code long term()}, all of {@link FencedElection}.
 */
public class LeaderElection extends FencedElection {}
