#!/usr/bin/env bash
# disk_report: write free space, folder sizes and warehouse table sizes to $PIT_DATA_DIR/disk_report.txt.
set -euo pipefail

ws="${PIT_WORKSPACE_DIR:-}"
if [[ -z "$ws" ]]; then ws="$(cd "$(dirname "$0")" && pwd)"; until [[ -d "$ws/projects" || "$ws" == / ]]; do ws="$(dirname "$ws")"; done; fi
[[ -d "$ws/projects" ]] || { echo "cannot find the workspace above $0: set PIT_WORKSPACE_DIR" >&2; exit 1; }

out="${PIT_DATA_DIR:-data}"
mkdir -p "$out"
report="$(cd "$out" && pwd)/disk_report.txt"
cd "$ws"

{
  echo "Pit disk report for $ws at $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo
  echo "== file system"
  df -h .
  echo
  echo "== workspace folders (KiB)"
  for folder in data runs .pit projects; do
    if [[ -e "$folder" ]]; then du -sk "$folder"; fi
  done
  echo
  echo "== largest run folders (KiB)"
  { du -sk runs/[!_]*/ 2>/dev/null || true; } | sort -rn | head -n 5
  echo
  echo "== run archive"
  if [[ -d runs/_archive ]]; then ls -l runs/_archive | tail -n +2; else echo "(none)"; fi
  echo
  echo "== warehouse tables (rows)"
  if [[ -f data/warehouse.db ]]; then
    python3 - data/warehouse.db <<'PY'
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], timeout=30)
tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
for table in tables:
    rows = conn.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
    print(f"{table:<20} {rows:>8}")
PY
  else
    echo "(no data/warehouse.db yet)"
  fi
} > "$report"

cat "$report"
