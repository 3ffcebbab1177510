package org.concoord.core.codec;

import java.util.function.IntPredicate;
import org.concoord.core.command.Batch;
import org.concoord.core.effects.DurableWrite;
import org.concoord.core.message.Message;

/**
 * What a frame may hold, by tag space: messages, durable writes or a bare batch. Keeps the frame
 * parsing in one place ({@link MessageCodec#decodeFrameBody}) for all three.
 */
final class FrameKind<T> {
  /** Reads the fields that follow a tag this kind accepts. */
  @FunctionalInterface
  interface BodyReader<T> {
    T read(int tag, WireReader in);
  }

  static final FrameKind<Message> MESSAGE =
      new FrameKind<>(
          "message",
          tag -> tag >= WireFormat.TAG_PREPARE && tag <= WireFormat.MESSAGE_TAG_MAX,
          MessageDecoder::readMessage);

  static final FrameKind<DurableWrite> DURABLE_WRITE =
      new FrameKind<>(
          "durable write",
          tag -> tag >= WireFormat.TAG_PROMISE_WRITE && tag <= WireFormat.TAG_TRUNCATE_WRITE,
          MessageDecoder::readDurableWrite);

  static final FrameKind<Batch> BATCH =
      new FrameKind<>("batch", tag -> tag == WireFormat.TAG_BATCH, MessageDecoder::readBatchFrame);

  final String name;
  final IntPredicate hasTag;
  final BodyReader<T> body;

  private FrameKind(String name, IntPredicate hasTag, BodyReader<T> body) {
    this.name = name;
    this.hasTag = hasTag;
    this.body = body;
  }
}
