#!/usr/bin/env bash
# Runs the benchmark. --suite startup (default): pit --version and pit validate (200 projects x 20
# tasks) against a plain dotnet hello-world; options --runs N --warmups N --projects N --tasks N.
# --suite engine: `pit run` on workloads W0-W4 (W1-W3 also doubled, for the cost of each further task)
# against bash loops doing the same spawns, and the floor of the parts the engine is built on
# (Akka.Hosting + Akka.Persistence.Sql on SQLite: one event, 200 chained); options
# --engine-runs N --engine-warmups N --workloads W0,W2 --poll-rss. --suite sdk: the SDK socket's round
# trip (C# and pit_sdk clients, 1 and 16 at once) against a bare Python echo. --suite sql: 1M rows
# Parquet -> PostgreSQL / SQLite and PostgreSQL -> Parquet against psql \copy (needs PIT_TEST_POSTGRES,
# see .ci/services/postgres.sh). --suite serve: `pit serve`'s idle RSS (sample workspace, 100 generated
# DAGs) against a minimal ASP.NET Core app, cron lateness of 200 every-second DAGs against .NET timer
# loops, and API-triggered runs/min against spawning the task's script; options --seconds N (default
# 60 per measurement) --serve-parts rss,scheduler,throughput --cron-dags N --clients N.
# --suite control: the control socket's round trip (system uptime) against an in-process echo socket,
# and W2 (each task printing a line) through pit serve with and without N `run tail` clients against
# the bash loop; options --control-calls N (default 5000) --tail-clients N (default 100) --engine-runs N.
# --suite history: a journal of 10,000 runs x 10 tasks (~420k events) written through Pit's persistence, then
# `pit history <dag> --since 7d` against `pit --version`, `pit history --rebuild` events/s against a raw scan of
# the journal table, and `pit serve` start-up to listening against an empty journal; options --history-runs N
# --runs N --warmups N --engine-runs N (rebuilds and serve starts).
# --suite all: every suite.
# Common: --pit <path/to/pit.dll> --out <report.md> --keep. Without --pit, it publishes
# src/Pit.Cli as `build.ps1 pack` ships it (Release, ReadyToRun).
set -euo pipefail
cd "$(dirname "$0")/../.."
exec dotnet run -c Release --project tests/Pit.Benchmarks -- "$@"
