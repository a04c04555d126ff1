#!/usr/bin/env bash
# upload: file this month's CSV and HTML report under <workspace>/data/reports/<yyyy-mm>/.
set -euo pipefail

ws="${PIT_WORKSPACE_DIR:-}"
if [[ -z "$ws" ]]; then ws="$(cd "$(dirname "$0")" && pwd)"; until [[ -d "$ws/projects" || "$ws" == / ]]; do ws="$(dirname "$ws")"; done; fi
[[ -d "$ws/projects" ]] || { echo "cannot find the workspace above $0: set PIT_WORKSPACE_DIR" >&2; exit 1; }

data="${PIT_DATA_DIR:-data}"
month=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["month"])' "$data/report.json")
[[ "$month" =~ ^[0-9]{4}-[0-9]{2}$ ]] || { echo "report.json has no valid month: '$month'" >&2; exit 1; }

target="$ws/data/reports/$month"
mkdir -p "$target"
for file in "$data/provider_summary_$month.csv" "$data/provider_report_$month.html"; do
  cp -- "$file" "$target/"
  echo "uploaded $(basename "$file") ($(wc -c < "$file") bytes) to $target"
done
