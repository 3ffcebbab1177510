"""What a call can fail with. Where the outcome is unknown, the exception says so."""


class ConcoordError(Exception):
    """Any failure of a call."""


class RejectedError(ConcoordError):
    """The replicas refused the call (REJECTED): it did not run. `reason` is their text, `code`
    their stable reason code (docs/protocol.md, "Reason codes"): decide by the code."""

    def __init__(self, reason, code=0):
        super().__init__(reason)
        self.reason = reason
        self.code = code


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


# Reason codes (docs/protocol.md, "Reason codes"); never renumbered.
UNSPECIFIED, SESSION_EXPIRED, WRONG_PRINCIPAL, OVERLOADED, UNACKNOWLEDGED, ACCESS_DENIED, \
    NO_OBJECT, UNKNOWN_METHOD, BAD_ARGUMENTS, TOO_LARGE, INVALID, LIMIT, NOT_LEADER, \
    CODE_DIFFERS, TRY_ANOTHER_REPLICA, NOT_READ_ONLY, CANCELLED, EXISTS = range(18)

_BY_CODE = {
    OVERLOADED: OverloadedError,
    UNACKNOWLEDGED: OverloadedError,
    SESSION_EXPIRED: SessionExpiredError,
    UNKNOWN_METHOD: UnknownMethodError,
    BAD_ARGUMENTS: BadArgumentError,
}


def refusal(payload_value):
    """(code, message) of a decoded REJECTED payload: a list [code, message]; a bare string is
    the older layout, without a code."""
    value = payload_value
    if (isinstance(value, list) and len(value) == 2 and isinstance(value[0], int)
            and not isinstance(value[0], bool) and isinstance(value[1], str)):
        return value[0], value[1]
    if isinstance(value, str):
        return UNSPECIFIED, value
    return UNSPECIFIED, "" if value is None else str(value)


def rejected(payload_value):
    """The typed error of a decoded REJECTED payload, chosen by its reason code (never its text)."""
    code, message = refusal(payload_value)
    return _BY_CODE.get(code, RejectedError)(message, code)
