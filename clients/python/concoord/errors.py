"""What a call can fail with. Where the outcome is unknown, the exception says so."""


class ConcoordError(Exception):
    """Any failure of a call."""


class RejectedError(ConcoordError):
    """The replicas refused the call (REJECTED): it did not run. `reason` is their text."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


class OverloadedError(RejectedError):
    """A budget was full ("overloaded", "too many unacknowledged requests"): retry later."""


class SessionExpiredError(RejectedError):
    """The replicas expired this client's session; calls outstanding then have unknown outcome."""


class UnknownMethodError(RejectedError):
    """The object has no such method."""


class BadArgumentError(RejectedError):
    """An argument does not fit the method's parameter, or the wrong number of arguments."""


class RemoteError(ConcoordError):
    """The object's method threw (EXCEPTION): `type` is the Java class, `message` its message."""

    def __init__(self, type_, message):
        super().__init__("%s: %s" % (type_, message))
        self.type = type_
        self.message = message


class CallTimeoutError(ConcoordError):
    """No final reply within the call timeout: the call may or may not have run."""


class UnavailableError(ConcoordError):
    """No node accepted a connection: outstanding calls may or may not have run."""


class ClosedError(ConcoordError):
    """The client was closed while the call was outstanding (outcome unknown)."""


def rejected(reason):
    """The typed error of a REJECTED reason (the replicas' texts, docs/protocol.md)."""
    text = reason or ""
    if text.startswith("overloaded") or text.startswith("too many unacknowledged"):
        return OverloadedError(text)
    if "session expired" in text:
        return SessionExpiredError(text)
    if text.startswith("unknown method"):
        return UnknownMethodError(text)
    if text.startswith("argument") or " takes " in text or " take " in text:
        return BadArgumentError(text)
    return RejectedError(text)
