using Microsoft.Data.Sqlite;
using Pit.Cli.Tests.Support;

namespace Pit.Cli.Tests.Commands;

/// <summary>A real run whose task talks to its SDK socket: secrets resolved, audited and kept out of every record.</summary>
public sealed class SdkRunSpecs : IDisposable
{
    private const string Value = "postgres://user:hunter2-claims@db/claims";
    private readonly TempWorkspace _workspace = TempWorkspace.ForRuns("secrets_dir = \"secrets.toml\"");

    public SdkRunSpecs()
    {
        _workspace.Write("secrets.toml", $"""
            [global.ftp_creds]
            host = "ftp.example.test"
            password = "hunter2-ftp"

            [claims]
            claims_db = "{Value}"

            [billing]
            billing_db = "hunter2-billing"
            """);
        _workspace.Write("projects/claims/pit.toml", """
            [dag]
            name = "claims"
            [[tasks]]
            name = "ask"
            script = "tasks/ask.py"

            [[tasks]]
            name = "after"
            script = "tasks/after.py"
            depends_on = ["ask"]
            """);
        _workspace.Write("projects/claims/tasks/after.py", """
            from pit_sdk import get_context

            print("rows:", get_context("rows")["count"])
            print("ask exited:", get_context("ask.exit_code"))
            """);
        _workspace.Write("projects/claims/tasks/ask.py", """
            import pit_sdk
            from pit_sdk import get_secret, get_secret_field

            print("ping:", pit_sdk.ping())
            print("value:", get_secret("claims_db"))
            print("fields:", sorted(get_secret("ftp_creds")))
            print("field:", get_secret_field("ftp_creds", "password"))
            try:
                get_secret("billing_db")
            except pit_sdk.SecretNotFoundError as error:
                print("other project:", error.code)
            pit_sdk.set_context("rows", {"count": 3})
            print("write_output:", pit_sdk.write_output("claims", [{"id": 1}]).endswith("/data/claims.parquet"))
            print("read_input:", pit_sdk.read_input("claims"))
            """);
    }

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public void A_task_resolves_its_secrets_through_the_socket_and_the_values_never_reach_a_record()
    {
        var run = _workspace.Pit("run", "claims");

        Assert.True(run.ExitCode == 0, run.ToString());
        var id = _workspace.OnlyRunId("claims");
        var log = _workspace.ReadLog(id, "ask");
        Assert.Contains("ping: pong", log);
        Assert.Contains("value: ***", log);
        Assert.Contains("fields: ['host', 'password']", log);
        Assert.Contains("field: ***", log);
        Assert.Contains("other project: not_found", log);
        Assert.Contains("write_output: True", log); // Debian's python3 has no pyarrow: Pit writes the rows
        Assert.Contains("read_input: [{'id': 1}]", log);
        var after = _workspace.ReadLog(id, "after");
        Assert.Contains("rows: 3", after);
        Assert.Contains("ask exited: 0", after);

        var status = _workspace.Pit("status", id);
        Assert.Matches(@"rows\s+\{""count"":\s?3\}", status.Stdout);
        Assert.Matches(@"ask\.exit_code\s+0", status.Stdout);
        var journal = File.ReadAllBytes(_workspace.PathOf(".pit", "pit.db"));
        foreach (var secret in new[] { "hunter2-claims", "hunter2-ftp", "hunter2-billing" })
        {
            Assert.DoesNotContain(secret, log);
            Assert.DoesNotContain(secret, run.Stdout + run.Stderr);
            Assert.DoesNotContain(secret, status.Stdout + status.Stderr);
            Assert.DoesNotContain(secret, System.Text.Encoding.UTF8.GetString(journal));
        }

        using var db = new SqliteConnection($"Data Source={_workspace.PathOf(".pit", "pit.db")};Mode=ReadOnly");
        db.Open();
        using var query = db.CreateCommand();
        query.CommandText = "SELECT CAST(message AS TEXT) FROM journal WHERE manifest = 'secret-accessed.v1' ORDER BY ordering";
        using var reader = query.ExecuteReader();
        var audit = new List<string>();
        while (reader.Read()) audit.Add(reader.GetString(0));
        Assert.Equal(4, audit.Count);
        Assert.Contains("\"key\":\"claims_db\"", audit[0]);
        Assert.Contains("\"found\":true", audit[0]);
        Assert.Contains("\"key\":\"billing_db\"", audit[3]);
        Assert.Contains("\"found\":false", audit[3]);
    }

    [Fact]
    public void The_audit_lists_every_lookup_by_key_and_filters_by_dag_and_age()
    {
        Assert.Equal(0, _workspace.Pit("run", "claims").ExitCode);
        var id = _workspace.OnlyRunId("claims");

        var audit = _workspace.Pit("secrets", "audit", "--since", "1h");
        var mine = _workspace.Pit("secrets", "audit", "--dag", "claims", "--json");
        var other = _workspace.Pit("secrets", "audit", "--dag", "billing");
        var bad = _workspace.Pit("secrets", "audit", "--since", "soon");

        Assert.True(audit.ExitCode == 0, audit.ToString());
        var rows = audit.Stdout.Split('\n').Skip(1).Where(l => l.Contains(id)).ToList();
        Assert.Equal(4, rows.Count);
        Assert.Matches(@"ask \(attempt 1\)\s+claims_db\s+yes", rows[0]);
        Assert.Matches(@"billing_db\s+no", rows[3]);
        Assert.DoesNotContain("hunter2", audit.Stdout + mine.Stdout);
        Assert.Equal(4, System.Text.Json.JsonDocument.Parse(mine.Stdout).RootElement.GetArrayLength());
        Assert.Contains("no secret lookups recorded that match", other.Stdout);
        Assert.Equal(2, bad.ExitCode);
    }

    [Fact]
    public void A_malformed_secrets_file_stops_the_run_before_it_starts()
    {
        _workspace.Write("secrets.toml", "[claims]\nclaims_db = 42\n");

        var run = _workspace.Pit("run", "claims");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("secrets.toml:2:", run.Stderr);
        Assert.Empty(_workspace.RunIds("claims"));
    }
}
