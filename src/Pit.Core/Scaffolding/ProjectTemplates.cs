namespace Pit.Core.Scaffolding;

/// <summary>The files of each project type, as (path relative to the project, content).</summary>
internal static class ProjectTemplates
{
    public static IReadOnlyList<(string Path, string Content)> For(string name, ProjectType type) => type switch
    {
        ProjectType.Python => Python(name),
        ProjectType.Sql => Sql(name),
        ProjectType.Shell => Shell(name),
        ProjectType.Dbt => Dbt(name),
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    private static (string, string)[] Python(string name) =>
    [
        ("pit.toml", $$""""
            [dag]
            name = "{{name}}"
            schedule = "0 6 * * *"
            overlap = "skip"
            timeout = "30m"

            [[tasks]]
            name = "extract"
            script = "tasks/extract.py"
            timeout = "10m"
            retries = 2
            retry_delay = "30s"

            [[tasks]]
            name = "transform"
            script = "tasks/transform.py"
            depends_on = ["extract"]
            timeout = "10m"

            # What this project produces outside Pit (documentation for `pit outputs`).
            [[outputs]]
            name = "{{name}}_summary"
            type = "file"
            location = "data/{{name}}_summary.json"

            """"),
        ("pyproject.toml", $$""""
            [project]
            name = "{{name.Replace('_', '-')}}"
            version = "0.1.0"
            requires-python = ">=3.10"
            dependencies = []

            [build-system]
            requires = ["hatchling"]
            build-backend = "hatchling.build"

            [tool.hatch.build.targets.wheel]
            packages = ["src/{{name}}"]

            """"),
        ($"src/{name}/__init__.py", $$""""
            """Shared code for the {{name}} tasks: helpers, not orchestration."""

            import os
            from pathlib import Path


            def data_dir() -> Path:
                """The run's data folder (PIT_DATA_DIR), or ./data when run by hand."""
                path = Path(os.environ.get("PIT_DATA_DIR", "data"))
                path.mkdir(parents=True, exist_ok=True)
                return path

            """"),
        ("tasks/extract.py", $$""""
            """Extract: write a few records to the run's data folder."""

            import json
            import sys
            from pathlib import Path

            sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
            from {{name}} import data_dir  # noqa: E402

            records = [{"id": i, "value": i * i} for i in range(1, 11)]
            (data_dir() / "records.json").write_text(json.dumps(records))
            print(f"extracted {len(records)} records")

            """"),
        ("tasks/transform.py", $$""""
            """Transform: summarise what extract wrote."""

            import json
            import sys
            from pathlib import Path

            sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
            from {{name}} import data_dir  # noqa: E402

            records = json.loads((data_dir() / "records.json").read_text())
            summary = {"count": len(records), "total": sum(r["value"] for r in records)}
            (data_dir() / "{{name}}_summary.json").write_text(json.dumps(summary))
            print(f"summary: {summary}")

            """"),
    ];

    private static (string, string)[] Sql(string name) =>
    [
        ("pit.toml", $$"""
            [dag]
            name = "{{name}}"
            schedule = "0 7 * * *"
            overlap = "skip"
            timeout = "30m"

            # Every .sql task runs against this connection (a secret name in your secrets file).
            [dag.sql]
            connection = "{{name}}_db"

            [[tasks]]
            name = "staging"
            script = "tasks/staging.sql"
            timeout = "10m"

            [[tasks]]
            name = "report"
            script = "tasks/report.sql"
            depends_on = ["staging"]
            timeout = "10m"

            [[outputs]]
            name = "{{name}}_report"
            type = "table"
            location = "{{name}}_report"

            """),
        ("tasks/staging.sql", """
            -- The whole file is sent to the database as one command.
            CREATE TABLE IF NOT EXISTS staging_events (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, amount NUMERIC NOT NULL);
            DELETE FROM staging_events;
            INSERT INTO staging_events (id, kind, amount) VALUES (1, 'sale', 10.5), (2, 'sale', 4.5), (3, 'refund', -2.0);

            """),
        ("tasks/report.sql", $$"""
            CREATE TABLE IF NOT EXISTS {{name}}_report (kind TEXT PRIMARY KEY, events INTEGER NOT NULL, total NUMERIC NOT NULL);
            DELETE FROM {{name}}_report;
            INSERT INTO {{name}}_report (kind, events, total)
            SELECT kind, COUNT(*), SUM(amount) FROM staging_events GROUP BY kind;

            """),
    ];

    private static (string, string)[] Shell(string name) =>
    [
        ("pit.toml", $$"""
            [dag]
            name = "{{name}}"
            schedule = "0 2 * * *"
            overlap = "skip"
            timeout = "15m"

            [[tasks]]
            name = "collect"
            script = "tasks/collect.sh"
            timeout = "5m"

            [[tasks]]
            name = "report"
            script = "tasks/report.sh"
            depends_on = ["collect"]
            condition = "all_done"

            [[outputs]]
            name = "{{name}}_report"
            type = "file"
            location = "data/disk_report.txt"

            """),
        ("tasks/collect.sh", """
            #!/usr/bin/env bash
            # Collect: record the size of each folder in the project.
            set -euo pipefail
            out="${PIT_DATA_DIR:-data}"
            mkdir -p "$out"
            du -sk -- */ 2>/dev/null | sort -rn > "$out/sizes.txt" || true
            echo "collected $(wc -l < "$out/sizes.txt") folder sizes"

            """),
        ("tasks/report.sh", """
            #!/usr/bin/env bash
            # Report: turn the collected sizes into a readable report.
            set -euo pipefail
            out="${PIT_DATA_DIR:-data}"
            {
              echo "Disk report $(date -u +%Y-%m-%dT%H:%M:%SZ)"
              awk '{ printf "%10d KiB  %s\n", $1, $2 }' "$out/sizes.txt" 2>/dev/null || echo "no sizes collected"
            } > "$out/disk_report.txt"
            cat "$out/disk_report.txt"

            """),
    ];

    private static (string, string)[] Dbt(string name) =>
    [
        ("pit.toml", $$"""
            [dag]
            name = "{{name}}"
            schedule = "0 7 * * *"
            overlap = "skip"
            timeout = "2h"

            # dbt runs through uvx; profiles.yml is generated from the `connection` secret.
            [dag.dbt]
            version = "1.9.1"
            adapter = "dbt-postgres"
            project_dir = "dbt_repo"
            profile = "{{name}}"
            target = "prod"
            connection = "{{name}}_db"

            [[tasks]]
            name = "run"
            script = "run"
            runner = "dbt"

            [[tasks]]
            name = "test"
            script = "test"
            runner = "dbt"
            depends_on = ["run"]

            [[outputs]]
            name = "{{name}}_example"
            type = "table"
            location = "{{name}}.example"

            """),
        ("dbt_repo/dbt_project.yml", $$"""
            name: {{name}}
            version: "1.0.0"
            config-version: 2
            profile: {{name}}
            model-paths: ["models"]

            """),
        ("dbt_repo/models/example.sql", """
            select 1 as id, 'example' as name

            """),
        ("dbt_repo/models/schema.yml", """
            version: 2
            models:
              - name: example
                columns:
                  - name: id
                    tests: [unique, not_null]

            """),
    ];
}
