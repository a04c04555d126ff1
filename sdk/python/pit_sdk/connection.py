"""The connection to the run's SDK socket (PIT_SOCKET), one per process, reused by every call."""

import itertools
import json
import os
import socket
import threading
from typing import Any, Dict, Optional, TextIO

from .errors import NotInPitRunError, ProtocolError, error_for


class Client:
    """Sends newline-delimited JSON requests with the task's token and reads the replies in order."""

    def __init__(self, path: str, token: str) -> None:
        self._path = path
        self._token = token
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._stream: Optional[TextIO] = None

    @classmethod
    def from_environment(cls) -> "Client":
        path = os.environ.get("PIT_SOCKET")
        token = os.environ.get("PIT_TOKEN")
        if not path or not token:
            raise NotInPitRunError(
                "not_in_run",
                "pit_sdk works inside a task run by Pit: PIT_SOCKET and PIT_TOKEN are not set "
                "(run the task with `pit run`)",
            )
        return cls(path, token)

    def call(self, method: str, **params: Any) -> Any:
        with self._lock:
            stream = self._connect()
            number = next(self._ids)
            request = {"id": number, "method": method, "params": params, "token": self._token}
            try:
                stream.write(json.dumps(request) + "\n")
                stream.flush()
                line = stream.readline()
            except OSError as error:
                self._stream = None
                raise ProtocolError("connection_lost", f"the SDK socket {self._path} failed: {error}") from error
            if not line:
                self._stream = None
                raise ProtocolError("connection_lost", f"the SDK socket {self._path} closed the connection")
        reply: Dict[str, Any] = json.loads(line)
        if "error" in reply and reply["error"] is not None:
            raise error_for(str(reply["error"].get("code")), str(reply["error"].get("message")))
        return reply.get("result")

    def close(self) -> None:
        """Closes the connection; the next call opens a new one."""
        with self._lock:
            if self._stream is not None:
                self._stream.close()
                self._stream = None

    def _connect(self) -> TextIO:
        if self._stream is None:
            connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                connection.connect(self._path)
            except OSError as error:
                connection.close()
                raise ProtocolError("connection_failed", f"cannot reach the SDK socket {self._path}: {error}") from error
            self._stream = connection.makefile("rw", encoding="utf-8", newline="\n")
            connection.close()  # the file object keeps the socket open until it is closed itself
        return self._stream


_client: Optional[Client] = None
_client_lock = threading.Lock()


def client() -> Client:
    """The process's client, created on first use from PIT_SOCKET and PIT_TOKEN."""
    global _client
    with _client_lock:
        if _client is None:
            _client = Client.from_environment()
        return _client
