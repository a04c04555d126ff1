"""Validate: split claims.json into valid_claims.json and rejected_claims.json; fail if most are bad."""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
from claims import data_dir  # noqa: E402
from claims.validation import check_claims  # noqa: E402

MAX_REJECTED_SHARE = 0.5

claims = json.loads((data_dir() / "claims.json").read_text())
valid, rejected = check_claims(claims)
(data_dir() / "valid_claims.json").write_text(json.dumps(valid, indent=1))
(data_dir() / "rejected_claims.json").write_text(json.dumps(rejected, indent=1))

for claim in rejected:
    print(f"rejected {claim['claim_id'] or '(no id)'}: {'; '.join(claim['reasons'])}")
print(f"{len(valid)} valid, {len(rejected)} rejected of {len(claims)} claims")

if claims and len(rejected) / len(claims) > MAX_REJECTED_SHARE:
    sys.exit(f"more than {MAX_REJECTED_SHARE:.0%} of claims were rejected: refusing to load this batch")
