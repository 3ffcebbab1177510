package org.concoord.core.replica;

/** A client request's identity: what exactly-once is about. */
record RequestKey(long clientId, long seq) {}
