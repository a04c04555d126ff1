#!/usr/bin/env bash
# vacuum_db: check and compact the SQLite warehouse (data/warehouse.db) if it exists.
set -euo pipefail

ws="${PIT_WORKSPACE_DIR:-}"
if [[ -z "$ws" ]]; then ws="$(cd "$(dirname "$0")" && pwd)"; until [[ -d "$ws/projects" || "$ws" == / ]]; do ws="$(dirname "$ws")"; done; fi
[[ -d "$ws/projects" ]] || { echo "cannot find the workspace above $0: set PIT_WORKSPACE_DIR" >&2; exit 1; }

db="$ws/data/warehouse.db"
if [[ ! -f "$db" ]]; then
  echo "no warehouse at $db yet: nothing to vacuum"
  exit 0
fi

before=$(wc -c < "$db")
# The sqlite3 CLI is often missing; Python's sqlite3 module is always there.
python3 - "$db" <<'PY'
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], timeout=30)
check = conn.execute("PRAGMA integrity_check").fetchone()[0]
if check != "ok":
    sys.exit(f"integrity check failed: {check}")
conn.execute("ANALYZE")  # refresh planner statistics, then rewrite the file compactly
conn.execute("VACUUM")
conn.close()
PY
after=$(wc -c < "$db")
echo "vacuumed $db: $before -> $after bytes"
