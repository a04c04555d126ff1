"""pit_sdk's client side, against a small Unix socket server that answers like Pit's.

The end-to-end test against a real run is in tests/Pit.Cli.Tests (SdkRunSpecs).
"""

import importlib
import json
import os
import socket
import sys
import tempfile
import threading
import unittest
from unittest import mock

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

import pit_sdk  # noqa: E402
from pit_sdk import connection as client_module  # noqa: E402


class FakePit:
    """Answers each request line from a table of method → reply, recording what it received."""

    def __init__(self, replies):
        self.replies = replies
        self.received = []
        self.folder = tempfile.mkdtemp(prefix="pit-sdk-test-")
        self.path = os.path.join(self.folder, "sdk.sock")
        self.server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.server.bind(self.path)
        self.server.listen(4)
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                connection, _ = self.server.accept()
            except OSError:
                return
            stream = connection.makefile("rw", encoding="utf-8", newline="\n")
            for line in stream:
                request = json.loads(line)
                self.received.append(request)
                reply = dict(self.replies[request["method"]])
                reply["id"] = request["id"]
                stream.write(json.dumps(reply) + "\n")
                stream.flush()

    def close(self):
        self.server.close()
        os.unlink(self.path)
        os.rmdir(self.folder)


class ClientSpecs(unittest.TestCase):
    def setUp(self):
        client_module._client = None
        self.pit = FakePit({
            "ping": {"result": "pong"},
            "get_secret": {"result": {"host": "db.example", "port": 5432}},
            "get_secret_field": {"error": {"code": "not_found", "message": "secret 'x' has no field 'y'"}},
            "get_context": {"error": {"code": "not_available", "message": "method 'get_context' is not available"}},
            "load_data": {"result": {"rows": 3, "row_groups": 1, "seconds": 0.01, "rows_per_second": 300}},
            "output_sql": {"error": {"code": "sql_error", "message": "no such table: claims (line 1)"}},
            "read_sql": {"result": [{"n": 3}]},
            "write_rows": {"result": {"path": "/data/claims.parquet", "rows": 1}},
            "get_param": {"error": {"code": "not_found", "message": "parameter 'batch' was not given to this run"}},
        })
        self.environment = mock.patch.dict(os.environ, {"PIT_SOCKET": self.pit.path, "PIT_TOKEN": "token-1"})
        self.environment.start()

    def tearDown(self):
        self.environment.stop()
        if client_module._client is not None:
            client_module._client.close()
        client_module._client = None
        self.pit.close()

    def test_calls_carry_the_token_and_increasing_ids_on_one_connection(self):
        self.assertEqual("pong", pit_sdk.ping())
        self.assertEqual({"host": "db.example", "port": 5432}, pit_sdk.get_secret("claims_db"))
        self.assertEqual(["token-1", "token-1"], [r["token"] for r in self.pit.received])
        self.assertEqual([1, 2], [r["id"] for r in self.pit.received])
        self.assertEqual({"key": "claims_db"}, self.pit.received[1]["params"])

    def test_error_replies_raise_the_subclass_for_their_code(self):
        with self.assertRaises(pit_sdk.SecretNotFoundError) as raised:
            pit_sdk.get_secret_field("x", "y")
        self.assertEqual("not_found", raised.exception.code)
        self.assertEqual("secret 'x' has no field 'y'", raised.exception.message)
        with self.assertRaises(pit_sdk.NotAvailableError):
            pit_sdk.get_context("rows")


    def test_data_calls_send_their_parameters_and_sql_errors_raise_sql_error(self):
        self.assertEqual(3, pit_sdk.load_data("claims", "staging_claims", "warehouse_db", mode="truncate_and_load")["rows"])
        self.assertEqual({"file": "claims", "table": "staging_claims", "connection": "warehouse_db", "mode": "truncate_and_load"},
                         self.pit.received[-1]["params"])
        with self.assertRaises(pit_sdk.SqlError) as raised:
            pit_sdk.output_sql("warehouse_db", "SELECT * FROM claims", "claims")
        self.assertEqual("sql_error", raised.exception.code)
        if importlib.util.find_spec("pyarrow") is None:
            self.assertEqual([{"n": 3}], pit_sdk.read_sql("warehouse_db", "SELECT COUNT(*) AS n FROM claims", max_rows=10))
            self.assertEqual({"connection": "warehouse_db", "query": "SELECT COUNT(*) AS n FROM claims", "max_rows": 10},
                             self.pit.received[-1]["params"])

    def test_a_missing_parameter_gives_the_default_or_raises(self):
        self.assertEqual(500, pit_sdk.get_param("batch", 500))
        self.assertIsNone(pit_sdk.get_param("batch", None))
        with self.assertRaises(pit_sdk.PitError) as raised:
            pit_sdk.get_param("batch")
        self.assertEqual("not_found", raised.exception.code)
        self.assertEqual({"key": "batch"}, self.pit.received[-1]["params"])

    def test_without_pyarrow_a_list_of_rows_is_written_by_pit(self):
        if importlib.util.find_spec("pyarrow") is not None:
            self.skipTest("pyarrow is installed here; with it the task writes the file itself")
        with tempfile.TemporaryDirectory() as folder, mock.patch.dict(os.environ, {"PIT_DATA_DIR": folder}):
            path = pit_sdk.write_output("claims", [{"id": 1}])
        self.assertEqual(os.path.join(folder, "claims.parquet"), path)
        self.assertEqual({"name": "claims", "rows": [{"id": 1}]}, self.pit.received[-1]["params"])


class OutsideARunSpecs(unittest.TestCase):
    def setUp(self):
        client_module._client = None

    def test_every_call_says_it_needs_a_pit_run(self):
        with mock.patch.dict(os.environ, {}, clear=True):
            with self.assertRaises(pit_sdk.NotInPitRunError) as raised:
                pit_sdk.get_secret("claims_db")
            self.assertIn("PIT_SOCKET", str(raised.exception))
            with self.assertRaises(pit_sdk.NotInPitRunError):
                pit_sdk.write_output("claims", [{"a": 1}])


class DataSpecs(unittest.TestCase):
    def test_names_must_be_plain_and_a_missing_input_is_named(self):
        with tempfile.TemporaryDirectory() as folder, mock.patch.dict(os.environ, {"PIT_DATA_DIR": folder}):
            with self.assertRaises(pit_sdk.PitError) as raised:
                pit_sdk.read_input("../etc/passwd")
            self.assertEqual("bad_request", raised.exception.code)
            with self.assertRaises(pit_sdk.PitError) as raised:
                pit_sdk.read_input("claims")
            self.assertIn("claims.parquet does not exist", raised.exception.message)

    def test_without_pyarrow_writing_anything_but_a_list_of_rows_says_what_to_install(self):
        if importlib.util.find_spec("pyarrow") is not None:
            self.skipTest("pyarrow is installed here; this checks the message without it")
        with tempfile.TemporaryDirectory() as folder, mock.patch.dict(os.environ, {"PIT_DATA_DIR": folder}):
            with self.assertRaises(pit_sdk.PitError) as raised:
                pit_sdk.write_output("claims", (row for row in [{"a": 1}]))
            self.assertEqual("missing_dependency", raised.exception.code)
            self.assertIn("pyarrow", raised.exception.message)


if __name__ == "__main__":
    unittest.main()
