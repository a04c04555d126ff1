#!/usr/bin/env bash
# archive_logs: move run folders older than KEEP_DAYS days into runs/_archive/runs_<timestamp>.tar.gz.
set -euo pipefail

ws="${PIT_WORKSPACE_DIR:-}"
if [[ -z "$ws" ]]; then ws="$(cd "$(dirname "$0")" && pwd)"; until [[ -d "$ws/projects" || "$ws" == / ]]; do ws="$(dirname "$ws")"; done; fi
[[ -d "$ws/projects" ]] || { echo "cannot find the workspace above $0: set PIT_WORKSPACE_DIR" >&2; exit 1; }

keep_days="${KEEP_DAYS:-14}"
[[ "$keep_days" =~ ^[0-9]+$ ]] || { echo "KEEP_DAYS must be a whole number of days, got '$keep_days'" >&2; exit 1; }
runs="${RUNS_DIR:-$ws/runs}"
if [[ ! -d "$runs" ]]; then
  echo "no runs folder at $runs: nothing to archive"
  exit 0
fi

# Old run folders, never the archive itself nor the run doing this work.
old=()
while IFS= read -r path; do old+=("$(basename "$path")"); done < <(
  find "$runs" -mindepth 1 -maxdepth 1 -type d ! -name _archive ! -name "${PIT_RUN_ID:-}" -mtime +"$keep_days" | sort)
if (( ${#old[@]} == 0 )); then
  echo "no run folders older than $keep_days days in $runs"
  exit 0
fi

mkdir -p "$runs/_archive"
tarball="$runs/_archive/runs_$(date -u +%Y%m%dT%H%M%SZ).tar.gz"
tar -czf "$tarball" -C "$runs" -- "${old[@]}"
tar -tzf "$tarball" > /dev/null   # the archive must read back before anything is deleted
for name in "${old[@]}"; do rm -rf -- "${runs:?}/$name"; done
echo "archived ${#old[@]} run folder(s) older than $keep_days days to $tarball ($(wc -c < "$tarball") bytes)"
