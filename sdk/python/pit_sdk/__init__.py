"""pit_sdk: what a Pit task asks its run for, over the run's SDK socket (standard library only).

    from pit_sdk import get_secret
    conn = get_secret("claims_db")
"""

from typing import Any

from .connection import client
from .data import load_data, output_sql, read_input, read_sql, write_output
from .errors import NotAvailableError, NotInPitRunError, PitError, ProtocolError, SecretNotFoundError, SqlError

__all__ = [
    "ping", "get_secret", "get_secret_field", "get_context", "set_context", "get_param", "write_output", "read_input",
    "load_data", "output_sql", "read_sql",
    "PitError", "NotInPitRunError", "SecretNotFoundError", "NotAvailableError", "ProtocolError", "SqlError",
]


def ping() -> str:
    """'pong' when the run's SDK socket answers."""
    return str(client().call("ping"))


def get_secret(key: str) -> Any:
    """A secret of the task's project (or [global]): a string, or a dict of fields for a structured secret."""
    return client().call("get_secret", key=key)


def get_secret_field(secret: str, field: str) -> str:
    """One field of a structured secret, as a string."""
    return str(client().call("get_secret_field", key=secret, field=field))


def get_context(key: str) -> Any:
    """A value another task of this run set with set_context."""
    return client().call("get_context", key=key)


_MISSING = object()


def get_param(key: str, default: Any = _MISSING) -> Any:
    """A parameter the run was triggered with (also in the task's environment as PIT_PARAM_<KEY>).

    When the run has no such parameter: default if one is given, else a PitError with code not_found.
    """
    try:
        return client().call("get_param", key=key)
    except SecretNotFoundError:
        if default is _MISSING:
            raise
        return default


def set_context(key: str, value: Any) -> None:
    """Sets a JSON value that later tasks of this run can read with get_context."""
    client().call("set_context", key=key, value=value)
