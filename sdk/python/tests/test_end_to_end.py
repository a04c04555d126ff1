"""pit_sdk against a real socket served by Pit: a `pit run` whose Python task calls every SDK function.

Needs a built pit (dotnet build or build.ps1 test builds it first): PIT_DLL, else
src/Pit.Cli/bin/{Release,Debug}/net10.0/pit.dll of this repository.
"""

import importlib.util
import json
import os
import shutil
import subprocess
import tempfile
import textwrap
import unittest

REPOSITORY = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))


def pit_dll():
    candidates = [os.environ.get("PIT_DLL", "")] + [
        os.path.join(REPOSITORY, "src", "Pit.Cli", "bin", configuration, "net10.0", "pit.dll")
        for configuration in ("Release", "Debug")
    ]
    for candidate in candidates:
        if candidate and os.path.exists(candidate):
            return candidate
    raise AssertionError("no built pit.dll: run `dotnet build` (or build.ps1 test) first, or set PIT_DLL")


TASK = '''
import json, os
import pit_sdk
from pit_sdk import get_secret, get_secret_field, get_context, set_context, write_output, read_input
from pit_sdk import load_data, output_sql, read_sql

results = {"ping": pit_sdk.ping(), "secret": get_secret("claims_db"), "fields": get_secret("ftp_creds"),
           "field": get_secret_field("ftp_creds", "user")}
set_context("rows", {"count": 3})
results["context"] = get_context("rows")
for name, call in [("missing", lambda: get_secret("nope")), ("other_project", lambda: get_secret("billing_db")),
                   ("write_output", lambda: write_output("claims", [{"id": 1}])), ("read_input", lambda: read_input("claims"))]:
    try:
        results[name] = {"ok": call() is not None}
    except pit_sdk.PitError as error:
        results[name] = {"error": error.code, "class": type(error).__name__}
rows = [{"id": i, "name": "claim " + str(i), "amount": i / 4, "paid": i % 2 == 0} for i in range(1, 11)]
write_output("claims", rows)
results["read_input"] = read_input("claims")
results["load_data"] = load_data("claims", "claims", "warehouse_db", mode="create_or_replace")["rows"]
output_sql("warehouse_db", "SELECT id, name FROM claims WHERE paid ORDER BY id", "paid")
results["paid"] = read_input("paid")
results["read_sql"] = read_sql("warehouse_db", "SELECT SUM(amount) AS total FROM claims")
try:
    read_sql("warehouse_db", "SELECT nothing FROM nowhere")
except pit_sdk.SqlError as error:
    results["sql_error"] = error.code
with open(os.path.join(os.environ["PIT_WORKSPACE_DIR"], "results.json"), "w") as f:
    json.dump(results, f)
'''


def rows():
    return [{"id": i, "name": "claim " + str(i), "amount": i / 4, "paid": i % 2 == 0} for i in range(1, 11)]


class EndToEndSpecs(unittest.TestCase):
    def setUp(self):
        self.workspace = tempfile.mkdtemp(prefix="pit-sdk-e2e-")
        self.write("pit_config.toml", 'python = "/usr/bin/python3"\nsecrets_dir = "secrets.toml"\n')
        self.write("secrets.toml", textwrap.dedent('''
            [global.ftp_creds]
            user = "pit-user"
            password = "pw-e2e-secret"
            [claims]
            claims_db = "db-e2e-secret"
            warehouse_db = "sqlite://warehouse.db"
            [billing]
            billing_db = "billing-e2e-secret"
            '''))
        self.write("projects/claims/pit.toml", '[dag]\nname = "claims"\n[[tasks]]\nname = "use_sdk"\nscript = "tasks/use_sdk.py"\n')
        self.write("projects/claims/tasks/use_sdk.py", TASK)

    def tearDown(self):
        shutil.rmtree(self.workspace, ignore_errors=True)

    def write(self, relative, text):
        path = os.path.join(self.workspace, relative)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)

    def test_a_task_calls_every_sdk_function_through_the_runs_socket(self):
        run = subprocess.run(["dotnet", pit_dll(), "run", "claims", "--project-dir", self.workspace],
                             capture_output=True, text=True, timeout=300)
        self.assertEqual(0, run.returncode, run.stdout + run.stderr)
        with open(os.path.join(self.workspace, "results.json")) as f:
            results = json.load(f)

        self.assertEqual("pong", results["ping"])
        self.assertEqual("db-e2e-secret", results["secret"])
        self.assertEqual({"user": "pit-user", "password": "pw-e2e-secret"}, results["fields"])
        self.assertEqual("pit-user", results["field"])
        self.assertEqual({"count": 3}, results["context"])
        self.assertEqual({"error": "not_found", "class": "SecretNotFoundError"}, results["missing"])
        self.assertEqual({"error": "not_found", "class": "SecretNotFoundError"}, results["other_project"])
        self.assertEqual({"ok": True}, results["write_output"])
        self.assertEqual(10, results["load_data"])
        self.assertEqual("sql_error", results["sql_error"])
        if importlib.util.find_spec("pyarrow") is None:
            # Debian's python3 has no pyarrow: rows travel through the socket as lists of dicts.
            self.assertEqual(rows(), results["read_input"])
            self.assertEqual([{"id": i, "name": "claim " + str(i)} for i in range(2, 11, 2)], results["paid"])
            self.assertEqual([{"total": 13.75}], results["read_sql"])
        self.assertNotIn("e2e-secret", run.stdout + run.stderr)


if __name__ == "__main__":
    unittest.main()
