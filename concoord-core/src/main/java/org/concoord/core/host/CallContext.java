package org.concoord.core.host;

/**
 * Who made the call being executed and the replicated clock at its slot. {@code stampTicks} is the
 * leader's clock stamped into the decided batch, the same on every replica.
 */
public record CallContext(long clientId, long seq, long stampTicks) {}
