"""Extract: read the incoming claims CSVs from <workspace>/data/incoming into claims.json."""

import csv
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
from claims import data_dir, workspace_dir  # noqa: E402
from claims.formatting import normalise_claim  # noqa: E402

incoming = workspace_dir() / "data" / "incoming"
files = sorted(incoming.glob(os.environ.get("CLAIMS_GLOB", "claims_*.csv")))
if not files:
    sys.exit(f"no claims files matching {os.environ.get('CLAIMS_GLOB', 'claims_*.csv')} in {incoming}")

claims = []
for path in files:
    with path.open(newline="", encoding="utf-8") as handle:
        rows = [normalise_claim(row) | {"source_file": path.name} for row in csv.DictReader(handle)]
    print(f"{path.name}: {len(rows)} rows")
    claims.extend(rows)

(data_dir() / "claims.json").write_text(json.dumps(claims, indent=1))
print(f"extracted {len(claims)} claims from {len(files)} file(s)")
