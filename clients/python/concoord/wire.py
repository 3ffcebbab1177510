"""Frames and the client messages (docs/protocol.md: Framing, ClientRequest, ClientReply,
StatusRequest, StatusReply). Big-endian throughout."""

import struct

VERSION = 1
FRAME_LENGTH_MAX = 16 * 1024 * 1024
TAG_CLIENT_REQUEST = 0x0A
TAG_CLIENT_REPLY = 0x0B
TAG_STATUS_REQUEST = 0x10
TAG_STATUS_REPLY = 0x11
METHOD_BYTES_MAX = 765

OK, EXCEPTION, BLOCKED, UNBLOCKED, NOT_LEADER, REJECTED = range(6)
OUTCOMES = ("OK", "EXCEPTION", "BLOCKED", "UNBLOCKED", "NOT_LEADER", "REJECTED")
FINAL = (OK, EXCEPTION, UNBLOCKED, REJECTED)


class WireError(Exception):
    """A frame that does not decode."""


def _frame(tag, body):
    length = 2 + len(body)
    if length > FRAME_LENGTH_MAX:
        raise WireError("frame of %d bytes over the bound %d" % (length, FRAME_LENGTH_MAX))
    return struct.pack(">IBB", length, VERSION, tag) + body


def _string(text, limit):
    data = text.encode("utf-8")
    if len(data) > limit:
        raise WireError("string of %d bytes over %d" % (len(data), limit))
    return struct.pack(">H", len(data)) + data


def client_request(client_id, seq, acked_below, method, args):
    body = struct.pack(">qqq", client_id, seq, acked_below) + _string(method, METHOD_BYTES_MAX)
    body += struct.pack(">I", len(args)) + args
    return _frame(TAG_CLIENT_REQUEST, body)


def status_request():
    return _frame(TAG_STATUS_REQUEST, b"")


class Reply:
    """A ClientReply: (client_id, seq, outcome, payload, leader_hint or None)."""

    __slots__ = ("client_id", "seq", "outcome", "payload", "leader_hint")

    def __init__(self, client_id, seq, outcome, payload, leader_hint):
        self.client_id = client_id
        self.seq = seq
        self.outcome = outcome
        self.payload = payload
        self.leader_hint = leader_hint

    def __repr__(self):
        return "Reply(seq=%d, %s, hint=%s)" % (self.seq, OUTCOMES[self.outcome], self.leader_hint)


class Status:
    """A StatusReply, the parts a client uses."""

    def __init__(self, node, role, leading, leader, executed, replicas):
        self.node = node
        self.role = role
        self.leading = leading
        self.leader = leader
        self.executed = executed
        self.replicas = replicas


class _Body:
    def __init__(self, data):
        self.data = data
        self.pos = 0

    def take(self, n):
        if self.pos + n > len(self.data):
            raise WireError("truncated frame")
        chunk = self.data[self.pos:self.pos + n]
        self.pos += n
        return chunk

    def unpack(self, fmt):
        return struct.unpack(fmt, self.take(struct.calcsize(fmt)))

    def string(self):
        (n,) = self.unpack(">H")
        return self.take(n).decode("utf-8")

    def flag(self):
        (b,) = self.unpack(">B")
        if b > 1:
            raise WireError("bool byte %d" % b)
        return b == 1

    def optional_node(self):
        return self.string() if self.flag() else None

    def nodes(self):
        (n,) = self.unpack(">I")
        return [self.string() for _ in range(n)]


def decode(tag, data):
    """A ClientReply or a StatusReply from a frame's fields; None for any other tag."""
    body = _Body(data)
    if tag == TAG_CLIENT_REPLY:
        client_id, seq, outcome = body.unpack(">qqB")
        if outcome > REJECTED:
            raise WireError("unknown outcome %d" % outcome)
        (n,) = body.unpack(">I")
        payload = body.take(n)
        hint = body.optional_node()
        result = Reply(client_id, seq, outcome, payload, hint)
    elif tag == TAG_STATUS_REPLY:
        node = body.string()
        (role,) = body.unpack(">B")
        leading = body.flag()
        body.unpack(">q")
        body.string()  # the ballot
        leader = body.optional_node()
        (executed,) = body.unpack(">q")
        replicas = []
        if body.flag():
            body.unpack(">q")
            replicas = body.nodes()
            body.nodes()
            body.nodes()
        body.unpack(">q")
        if body.flag():
            body.string()
        result = Status(node, role, leading, leader, executed, replicas)
    else:
        return None
    if body.pos != len(data):
        raise WireError("%d bytes after the last field" % (len(data) - body.pos))
    return result


class FrameReader:
    """Cuts frames off a byte stream: feed bytes, take (tag, fields) pairs."""

    def __init__(self):
        self.buffer = bytearray()

    def feed(self, data):
        self.buffer += data
        frames = []
        while len(self.buffer) >= 4:
            (length,) = struct.unpack_from(">I", self.buffer)
            if length < 2 or length > FRAME_LENGTH_MAX:
                raise WireError("frame length %d out of bounds" % length)
            if len(self.buffer) < 4 + length:
                break
            version, tag = self.buffer[4], self.buffer[5]
            fields = bytes(self.buffer[6:4 + length])
            del self.buffer[:4 + length]
            if version == VERSION:
                frames.append((tag, fields))
        return frames
