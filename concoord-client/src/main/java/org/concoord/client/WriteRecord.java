package org.concoord.client;

import org.concoord.core.message.Outcome;

/**
 * One executed write call of an object's write stream: its slot, method, encoded arguments (the
 * value encoding of an argument list), outcome and encoded result (or exception), who sent it.
 */
public record WriteRecord(
    long slot,
    String method,
    byte[] args,
    Outcome outcome,
    byte[] result,
    String principal,
    long clientId) {}
