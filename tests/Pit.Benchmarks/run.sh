#!/usr/bin/env bash
# Runs the start-up benchmark: pit --version and pit validate (200 projects x 20 tasks) against a
# plain dotnet hello-world. Options: --pit <path/to/pit.dll> --runs N --warmups N --projects N
# --tasks N --out <report.md>. Without --pit, it publishes src/Pit.Cli as `build.ps1 pack` ships it.
set -euo pipefail
cd "$(dirname "$0")/../.."
exec dotnet run -c Release --project tests/Pit.Benchmarks -- "$@"
