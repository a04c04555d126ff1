"""Errors raised by pit_sdk: each carries the server's code and message."""

from typing import Optional


class PitError(Exception):
    """Any failure of a Pit SDK call."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


class NotInPitRunError(PitError):
    """The code runs outside a Pit run: there is no PIT_SOCKET to ask."""


class SecretNotFoundError(PitError):
    """The secret (or the field) does not exist where the task's project can see it."""


class NotAvailableError(PitError):
    """This version of Pit does not offer the method yet."""


class SqlError(PitError):
    """The database refused the work (sql_error), or the connection could not be resolved or opened (connection_error)."""


class ProtocolError(PitError):
    """The request was refused as malformed, unauthorised or too long, or the connection broke."""


_BY_CODE = {
    "not_found": SecretNotFoundError,
    "not_available": NotAvailableError,
    "sql_error": SqlError,
    "connection_error": SqlError,
}


def error_for(code: str, message: str) -> PitError:
    """The PitError subclass for a server error code."""
    kind: Optional[type] = _BY_CODE.get(code)
    if kind is None:
        kind = ProtocolError if code in ("parse_error", "unauthorized", "line_too_long", "bad_request", "unknown_method") else PitError
    return kind(code, message)
