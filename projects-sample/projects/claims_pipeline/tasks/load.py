"""Load: upsert valid_claims.json into the raw_claims table of the SQLite warehouse."""

import json
import sqlite3
import sys
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
from claims import data_dir, warehouse_path  # noqa: E402

CREATE = """
CREATE TABLE IF NOT EXISTS raw_claims (
    claim_id      TEXT PRIMARY KEY,
    member_id     TEXT NOT NULL,
    provider_id   TEXT NOT NULL,
    provider_name TEXT NOT NULL,
    service_date  TEXT NOT NULL,
    amount        REAL NOT NULL,
    status        TEXT NOT NULL,
    source_file   TEXT,
    loaded_at     TEXT NOT NULL
)"""

UPSERT = """
INSERT OR REPLACE INTO raw_claims
    (claim_id, member_id, provider_id, provider_name, service_date, amount, status, source_file, loaded_at)
VALUES
    (:claim_id, :member_id, :provider_id, :provider_name, :service_date, :amount, :status, :source_file, :loaded_at)"""

claims = json.loads((data_dir() / "valid_claims.json").read_text())
loaded_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
rows = [claim | {"loaded_at": loaded_at} for claim in claims]

db = warehouse_path()
with sqlite3.connect(db, timeout=30) as conn:
    conn.execute(CREATE)
    conn.executemany(UPSERT, rows)
    total = conn.execute("SELECT COUNT(*) FROM raw_claims").fetchone()[0]
conn.close()
print(f"loaded {len(rows)} claims into raw_claims ({total} rows in total) at {db}")
