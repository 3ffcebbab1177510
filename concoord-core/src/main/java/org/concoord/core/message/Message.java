package org.concoord.core.message;

/**
 * Every message of the protocol, one record each. The table (sender -> receiver, textbook name,
 * whether it must follow an fsync) is in {@code docs/protocol.md}; each record's Javadoc repeats
 * its row. Records validate their own fields, so a decoded message is well formed.
 */
public sealed interface Message
    permits Prepare,
        Promise,
        Propose,
        Accepted,
        Preempted,
        Decision,
        Heartbeat,
        CatchUpRequest,
        CatchUpReply,
        ClientRequest,
        ClientReply,
        Hello,
        JoinRequest,
        JoinReply,
        Truncate,
        StatusRequest,
        StatusReply,
        Snapshot,
        Alive,
        SnapshotChunk,
        SnapshotFetch,
        StateDigest,
        SnapshotSaved,
        ReadCheck,
        ReadConfirm,
        WatchRequest,
        WatchEvent {}
