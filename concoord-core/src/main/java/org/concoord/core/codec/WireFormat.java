package org.concoord.core.codec;

import org.concoord.core.NodeId;
import org.concoord.core.command.Call;

/**
 * The constants of the wire format: version, type tags and bounds. The byte layout they belong to
 * is specified in {@code docs/protocol.md}; change both together, and bump {@link #VERSION} for any
 * change an old peer could misread.
 *
 * <p>Every bound is a count of bytes or of list elements. A decoder checks each length it reads
 * against its bound and against the bytes left in the frame before it allocates anything, so a peer
 * can make us allocate at most about one frame's worth of memory per frame.
 */
public final class WireFormat {
  /** The only format version this code reads and writes. */
  public static final int VERSION = 1;

  /** Bytes of the unsigned big-endian length that starts every frame. */
  public static final int LENGTH_PREFIX_BYTES = 4;

  /** Bytes after the length prefix that every frame has: the version and the type tag. */
  public static final int HEADER_BYTES = 2;

  /**
   * Most bytes a frame may hold after its length prefix (version, tag and fields). A reader that
   * sees a larger length closes the connection instead of buffering it.
   */
  public static final int FRAME_LENGTH_MAX = 16 * 1024 * 1024;

  /** Most UTF-8 bytes of a node address: {@link NodeId#ADDRESS_LENGTH_MAX} chars, 3 bytes each. */
  public static final int ADDRESS_BYTES_MAX = 3 * NodeId.ADDRESS_LENGTH_MAX;

  /** Most UTF-8 bytes of a method name: {@link Call#METHOD_LENGTH_MAX} chars, 3 bytes each. */
  public static final int METHOD_BYTES_MAX = 3 * Call.METHOD_LENGTH_MAX;

  /** Most UTF-8 bytes of an object's name (its chars are ASCII: {@code ObjectNames}). */
  public static final int OBJECT_BYTES_MAX = 3 * org.concoord.core.command.ObjectNames.LENGTH_MAX;

  /** Most UTF-8 bytes of the class a named call expects: {@link Call#CLASS_LENGTH_MAX} x 3. */
  public static final int CLASS_BYTES_MAX = 3 * Call.CLASS_LENGTH_MAX;

  /** Most bytes of an opaque value (call arguments, reply payload); the frame bound is tighter. */
  public static final int VALUE_BYTES_MAX = FRAME_LENGTH_MAX;

  /** Most commands in one batch; the leader's {@code batchMax} must not exceed it. */
  public static final int BATCH_COMMANDS_MAX = 65_536;

  /** Most pvalues one Promise reports. */
  public static final int PROMISE_PVALUES_MAX = 1 << 20;

  /**
   * Most batches one CatchUpReply carries; the replica's {@code catchUpBatchMax} must not exceed
   * it.
   */
  public static final int CATCH_UP_BATCHES_MAX = 65_536;

  // Message tags: one per record of the sealed Message interface. Never reuse a retired tag.
  public static final int TAG_PREPARE = 0x01;
  public static final int TAG_PROMISE = 0x02;
  public static final int TAG_PROPOSE = 0x03;
  public static final int TAG_ACCEPTED = 0x04;
  public static final int TAG_PREEMPTED = 0x05;
  public static final int TAG_DECISION = 0x06;
  public static final int TAG_HEARTBEAT = 0x07;
  public static final int TAG_CATCH_UP_REQUEST = 0x08;
  public static final int TAG_CATCH_UP_REPLY = 0x09;
  public static final int TAG_CLIENT_REQUEST = 0x0A;
  public static final int TAG_CLIENT_REPLY = 0x0B;
  public static final int TAG_HELLO = 0x0C;
  public static final int TAG_JOIN_REQUEST = 0x0D;
  public static final int TAG_JOIN_REPLY = 0x0E;
  public static final int TAG_TRUNCATE = 0x0F;
  public static final int TAG_STATUS_REQUEST = 0x10;
  public static final int TAG_STATUS_REPLY = 0x11;
  public static final int TAG_SNAPSHOT = 0x12;
  public static final int TAG_ALIVE = 0x13;
  public static final int TAG_READ_CHECK = 0x14;
  public static final int TAG_READ_CONFIRM = 0x15;
  // Snapshots in chunks, state digests, durable-snapshot gossip (issue 13): from 0x20 on.
  public static final int TAG_SNAPSHOT_CHUNK = 0x20;
  public static final int TAG_SNAPSHOT_FETCH = 0x21;
  public static final int TAG_STATE_DIGEST = 0x22;
  public static final int TAG_SNAPSHOT_SAVED = 0x23;

  /**
   * A {@code ClientRequest} whose call names an object (issue 18); the unnamed form keeps {@link
   * #TAG_CLIENT_REQUEST}, byte for byte as before.
   */
  public static final int TAG_CLIENT_REQUEST_NAMED = 0x30;

  /** Watches (issue 21): a client's request to open, resume or cancel one, and its events. */
  public static final int TAG_WATCH_REQUEST = 0x31;

  public static final int TAG_WATCH_EVENT = 0x32;

  /** The highest message tag: a new message raises it, or its frames are refused as unknown. */
  public static final int MESSAGE_TAG_MAX = TAG_WATCH_EVENT;

  /**
   * Most bytes of snapshot data in one {@code SnapshotChunk}: well under the frame bound, so a
   * chunk never crowds a connection's output queue, and a receiver holds one at a time.
   */
  public static final int SNAPSHOT_CHUNK_BYTES_MAX = 1 << 20;

  /** Most views one Snapshot carries. */
  public static final int SNAPSHOT_VIEWS_MAX = 1024;

  /** Most sessions one Snapshot carries (the replica's sessionsMax must not exceed it). */
  public static final int SNAPSHOT_SESSIONS_MAX = 1 << 20;

  /** Most nodes of one role in an encoded view. */
  public static final int VIEW_MEMBERS_MAX = 1024;

  // Durable-write tags (the acceptor's write-ahead log), disjoint from message tags so that a log
  // record fed to the message decoder is an error rather than a message.
  public static final int TAG_PROMISE_WRITE = 0x40;
  public static final int TAG_ACCEPT_WRITE = 0x41;
  public static final int TAG_TRUNCATE_WRITE = 0x42;

  /** Tag of a frame that holds one bare {@code Batch} (storage of decided slots). */
  public static final int TAG_BATCH = 0x50;

  // Command kinds: the byte before each command inside a batch.
  public static final int COMMAND_CLIENT = 0x01;
  public static final int COMMAND_RECONFIGURE = 0x02;

  /** A client command whose call names an object: the object and class after the ids. */
  public static final int COMMAND_CLIENT_NAMED = 0x03;

  private WireFormat() {}

  /** The record name a tag stands for, or a hex rendering of an unknown tag (for error text). */
  public static String tagName(int tag) {
    return switch (tag) {
      case TAG_PREPARE -> "Prepare";
      case TAG_PROMISE -> "Promise";
      case TAG_PROPOSE -> "Propose";
      case TAG_ACCEPTED -> "Accepted";
      case TAG_PREEMPTED -> "Preempted";
      case TAG_DECISION -> "Decision";
      case TAG_HEARTBEAT -> "Heartbeat";
      case TAG_CATCH_UP_REQUEST -> "CatchUpRequest";
      case TAG_CATCH_UP_REPLY -> "CatchUpReply";
      case TAG_CLIENT_REQUEST -> "ClientRequest";
      case TAG_CLIENT_REPLY -> "ClientReply";
      case TAG_HELLO -> "Hello";
      case TAG_JOIN_REQUEST -> "JoinRequest";
      case TAG_JOIN_REPLY -> "JoinReply";
      case TAG_TRUNCATE -> "Truncate";
      case TAG_STATUS_REQUEST -> "StatusRequest";
      case TAG_STATUS_REPLY -> "StatusReply";
      case TAG_SNAPSHOT -> "Snapshot";
      case TAG_ALIVE -> "Alive";
      case TAG_READ_CHECK -> "ReadCheck";
      case TAG_READ_CONFIRM -> "ReadConfirm";
      case TAG_SNAPSHOT_CHUNK -> "SnapshotChunk";
      case TAG_SNAPSHOT_FETCH -> "SnapshotFetch";
      case TAG_STATE_DIGEST -> "StateDigest";
      case TAG_SNAPSHOT_SAVED -> "SnapshotSaved";
      case TAG_CLIENT_REQUEST_NAMED -> "ClientRequest"; // the named form
      case TAG_WATCH_REQUEST -> "WatchRequest";
      case TAG_WATCH_EVENT -> "WatchEvent";
      case TAG_PROMISE_WRITE -> "PromiseWrite";
      case TAG_ACCEPT_WRITE -> "AcceptWrite";
      case TAG_TRUNCATE_WRITE -> "TruncateWrite";
      case TAG_BATCH -> "Batch";
      default -> String.format("0x%02x", tag);
    };
  }
}
