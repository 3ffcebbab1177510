package org.concoord.core.message;

/**
 * Operator tool -> any node: describe yourself. Sent on a connection of its own (like a client's);
 * the node answers on that connection. No fsync.
 */
public record StatusRequest() implements Message {}
