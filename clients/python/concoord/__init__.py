"""ConCoord's Python client: the native protocol of docs/protocol.md, standard library only."""

from .client import Client, parse_addresses, tls_context
from .errors import (BadArgumentError, CallTimeoutError, ClosedError, ConcoordError,
                     OverloadedError, RejectedError, RemoteError, SessionExpiredError,
                     UnavailableError, UnknownMethodError)
from .values import EMPTY

__all__ = ["Client", "parse_addresses", "tls_context", "EMPTY", "ConcoordError",
           "RejectedError", "OverloadedError", "SessionExpiredError", "UnknownMethodError",
           "BadArgumentError", "RemoteError", "CallTimeoutError", "UnavailableError",
           "ClosedError"]
