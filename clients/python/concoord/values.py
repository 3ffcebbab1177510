"""The value encoding of call arguments and results (docs/protocol.md, "The value encoding").

One tag byte, then the value; varints are unsigned LEB128; integers zigzag. Python values map as:
None, bool, int (64-bit), float, str, bytes, list/tuple/set (a list), dict with str keys (a map:
records and objects arrive as dicts by field name), EMPTY (an empty Optional).
"""

import struct

NULL, FALSE, TRUE, LONG, DOUBLE, STRING, BYTES, LIST, MAP, EMPTY_TAG = range(10)

DEPTH_MAX = 64
STRING_BYTES_MAX = 1 << 20
BYTES_LENGTH_MAX = 1 << 24
COLLECTION_SIZE_MAX = 1 << 20


class _Empty:
    """An empty java.util.Optional (a present one is just its value)."""

    def __repr__(self):
        return "EMPTY"


EMPTY = _Empty()


class ValueError_(ValueError):
    """A value that cannot be encoded, or bytes that do not decode."""


def encode(value):
    out = bytearray()
    _write(out, value, 0)
    return bytes(out)


def encode_args(args):
    """The encoded argument list of a call: a list value, or no bytes for no arguments."""
    return encode(list(args))


def _varint(out, n):
    while n & ~0x7F:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)


def _utf8(out, text):
    data = text.encode("utf-8")
    if len(data) > STRING_BYTES_MAX:
        raise ValueError_("string of %d UTF-8 bytes exceeds %d" % (len(data), STRING_BYTES_MAX))
    _varint(out, len(data))
    out += data


def _write(out, value, depth):
    if depth > DEPTH_MAX:
        raise ValueError_("nesting deeper than %d" % DEPTH_MAX)
    if value is None:
        out.append(NULL)
    elif value is True:
        out.append(TRUE)
    elif value is False:
        out.append(FALSE)
    elif isinstance(value, int):
        if not -(1 << 63) <= value < (1 << 63):
            raise ValueError_("integer %d is outside 64 bits" % value)
        out.append(LONG)
        _varint(out, ((value << 1) ^ (value >> 63)) & 0xFFFFFFFFFFFFFFFF)
    elif isinstance(value, float):
        out.append(DOUBLE)
        out += struct.pack(">d", value)
    elif isinstance(value, str):
        out.append(STRING)
        _utf8(out, value)
    elif isinstance(value, (bytes, bytearray)):
        if len(value) > BYTES_LENGTH_MAX:
            raise ValueError_("%d bytes exceed %d" % (len(value), BYTES_LENGTH_MAX))
        out.append(BYTES)
        _varint(out, len(value))
        out += value
    elif value is EMPTY:
        out.append(EMPTY_TAG)
    elif isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value) if isinstance(value, (set, frozenset)) else value
        _count(len(items))
        out.append(LIST)
        _varint(out, len(items))
        for item in items:
            _write(out, item, depth + 1)
    elif isinstance(value, dict):
        _count(len(value))
        out.append(MAP)
        _varint(out, len(value))
        for key, item in value.items():
            if not isinstance(key, str):
                key = str(key)  # numbers and enum names travel as their text
            _utf8(out, key)
            _write(out, item, depth + 1)
    else:
        raise ValueError_("cannot encode a %s" % type(value).__name__)


def _count(n):
    if n > COLLECTION_SIZE_MAX:
        raise ValueError_("%d elements exceed %d" % (n, COLLECTION_SIZE_MAX))


def decode(data):
    """The value of encoded bytes; no bytes at all (a void result) is None."""
    if not data:
        return None
    reader = _Reader(bytes(data))
    value = reader.value(0)
    if reader.pos != len(reader.data):
        raise ValueError_("%d bytes after the value" % (len(reader.data) - reader.pos))
    return value


class _Reader:
    def __init__(self, data):
        self.data = data
        self.pos = 0

    def take(self, n):
        if self.pos + n > len(self.data):
            raise ValueError_("truncated value")
        chunk = self.data[self.pos:self.pos + n]
        self.pos += n
        return chunk

    def varint(self):
        result = shift = 0
        for _ in range(10):
            byte = self.take(1)[0]
            result |= (byte & 0x7F) << shift
            if not byte & 0x80:
                return result
            shift += 7
        raise ValueError_("varint longer than 10 bytes")

    def text(self, limit):
        n = self.varint()
        if n > limit:
            raise ValueError_("length %d over %d" % (n, limit))
        return self.take(n).decode("utf-8")

    def value(self, depth):
        if depth > DEPTH_MAX:
            raise ValueError_("nesting deeper than %d" % DEPTH_MAX)
        tag = self.take(1)[0]
        if tag == NULL:
            return None
        if tag in (FALSE, TRUE):
            return tag == TRUE
        if tag == LONG:
            raw = self.varint()
            n = (raw >> 1) ^ -(raw & 1)
            return n
        if tag == DOUBLE:
            return struct.unpack(">d", self.take(8))[0]
        if tag == STRING:
            return self.text(STRING_BYTES_MAX)
        if tag == BYTES:
            n = self.varint()
            if n > BYTES_LENGTH_MAX:
                raise ValueError_("bytes length %d over %d" % (n, BYTES_LENGTH_MAX))
            return self.take(n)
        if tag == LIST:
            n = self._count()
            return [self.value(depth + 1) for _ in range(n)]
        if tag == MAP:
            n = self._count()
            result = {}
            for _ in range(n):
                key = self.text(STRING_BYTES_MAX)
                result[key] = self.value(depth + 1)
            return result
        if tag == EMPTY_TAG:
            return EMPTY
        raise ValueError_("unknown value tag %d" % tag)

    def _count(self):
        n = self.varint()
        if n > COLLECTION_SIZE_MAX:
            raise ValueError_("count %d over %d" % (n, COLLECTION_SIZE_MAX))
        return n
