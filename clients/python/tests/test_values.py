"""The value encoding and the frames against the examples of docs/protocol.md."""

import unittest

from concoord import errors, values, wire


class ValuesTest(unittest.TestCase):
    def test_the_documents_examples(self):
        self.assertEqual(bytes.fromhex("07 01 03 0a"), values.encode_args([5]))
        self.assertEqual(bytes.fromhex("03 0c"), values.encode(6))
        self.assertEqual(bytes.fromhex("05 02 68 69"), values.encode("hi"))
        self.assertEqual(bytes.fromhex("09"), values.encode(values.EMPTY))

    def test_round_trips(self):
        for value in [None, True, False, 0, -1, 2 ** 63 - 1, -(2 ** 63), 1.5, "zé", b"\x00\x01",
                      [1, [2, "x"]], {"a": 1, "b": {"c": None}}]:
            self.assertEqual(value, values.decode(values.encode(value)))
        self.assertIsNone(values.decode(b""))  # a void result
        self.assertIs(values.EMPTY, values.decode(b"\x09"))

    def test_refuses_what_java_would(self):
        with self.assertRaises(values.ValueError_):
            values.encode(2 ** 63)
        with self.assertRaises(values.ValueError_):
            values.encode(object())
        with self.assertRaises(values.ValueError_):
            values.decode(b"\x03\x80")  # truncated varint
        with self.assertRaises(values.ValueError_):
            values.decode(b"\x0a")  # unknown tag


class WireTest(unittest.TestCase):
    def test_client_request_is_the_documents_example(self):
        frame = wire.client_request(5, 3, 2, "inc", bytes.fromhex("0908"))
        self.assertEqual(bytes.fromhex(
            "00000025 01 0a 0000000000000005 0000000000000003 0000000000000002"
            " 0003 696e63 00000002 0908".replace(" ", "")), frame)

    def test_client_reply_of_the_document_decodes(self):
        frame = bytes.fromhex("0000001d010b00000000000000050000000000000003040000000001"
                              "0003623a32")
        [(tag, fields)] = wire.FrameReader().feed(frame)
        reply = wire.decode(tag, fields)
        self.assertEqual((5, 3, wire.NOT_LEADER, b"", "b:2"),
                         (reply.client_id, reply.seq, reply.outcome, reply.payload,
                          reply.leader_hint))

    def test_frames_split_anywhere_are_cut_whole(self):
        frame = bytes.fromhex("0000001d010b000000000000000500000000000000030400000000010003"
                              "623a32")
        reader = wire.FrameReader()
        self.assertEqual([], reader.feed(frame[:7]))
        self.assertEqual(2, len(reader.feed(frame[7:] + frame)))
        with self.assertRaises(wire.WireError):
            wire.FrameReader().feed(bytes.fromhex("7fffffff01"))


if __name__ == "__main__":
    unittest.main()


class ReasonsTest(unittest.TestCase):
    """The typed errors follow the reason code of a REJECTED payload, never its text."""

    def test_the_documents_example(self):
        # docs/protocol.md, "Reason codes": [1, "x"], session expired
        payload = bytes.fromhex("07 02 03 02 05 01 78")
        error = errors.rejected(values.decode(payload))
        self.assertIsInstance(error, errors.SessionExpiredError)
        self.assertEqual((errors.SESSION_EXPIRED, "x"), (error.code, error.reason))

    def test_the_code_decides_whatever_the_wording(self):
        reworded = values.decode(values.encode([errors.SESSION_EXPIRED, "your session is gone"]))
        self.assertIsInstance(errors.rejected(reworded), errors.SessionExpiredError)
        misleading = values.decode(values.encode([errors.ACCESS_DENIED, "session expired"]))
        self.assertNotIsInstance(errors.rejected(misleading), errors.SessionExpiredError)
        self.assertEqual(errors.ACCESS_DENIED, errors.rejected(misleading).code)
        self.assertIsInstance(errors.rejected([errors.OVERLOADED, "busy"]), errors.OverloadedError)
        self.assertIsInstance(errors.rejected([errors.UNKNOWN_METHOD, "?"]),
                              errors.UnknownMethodError)
        self.assertIsInstance(errors.rejected([errors.BAD_ARGUMENTS, "?"]),
                              errors.BadArgumentError)

    def test_older_and_newer_replicas(self):
        old = errors.rejected("client session expired; start a new session")  # a bare string
        self.assertEqual(errors.UNSPECIFIED, old.code)
        self.assertIs(type(old), errors.RejectedError)
        newer = errors.rejected([99, "a code from a newer replica"])
        self.assertIs(type(newer), errors.RejectedError)
        self.assertEqual("a code from a newer replica", newer.reason)
