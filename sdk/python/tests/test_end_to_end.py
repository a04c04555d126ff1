"""pit_sdk against a real socket served by Pit: a `pit run` whose Python task calls every SDK function.

Needs a built pit (dotnet build or build.ps1 test builds it first): PIT_DLL, else
src/Pit.Cli/bin/{Release,Debug}/net10.0/pit.dll of this repository.
"""

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
with open(os.path.join(os.environ["PIT_WORKSPACE_DIR"], "results.json"), "w") as f:
    json.dump(results, f)
'''


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
        # Debian's python3 has no pyarrow: the data helpers say so (with pyarrow they would round-trip).
        self.assertIn(results["write_output"], [{"ok": True}, {"error": "missing_dependency", "class": "PitError"}])
        self.assertIn(results["read_input"], [{"ok": True}, {"error": "not_found", "class": "PitError"}])
        self.assertNotIn("e2e-secret", run.stdout + run.stderr)


if __name__ == "__main__":
    unittest.main()
