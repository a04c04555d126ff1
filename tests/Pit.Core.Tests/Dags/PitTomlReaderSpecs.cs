using Pit.Core.Dags;
using Pit.Core.Time;

namespace Pit.Core.Tests.Dags;

/// <summary>Parsing of the <c>[dag]</c> table; the other tables have their own specs.</summary>
public sealed class PitTomlReaderSpecs : IDisposable
{
    private readonly TempWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public void Reads_every_field_of_the_dag_table()
    {
        var dag = _workspace.Read("claims", """
            [dag]
            name = "claims_pipeline"
            schedule = "30 6 * * 1-5"
            timezone = "Europe/London"
            overlap = "queue"
            catchup = "all"
            catchup_window = "2d"
            timeout = "1h30m"
            max_active_tasks = 8
            keep_artifacts = ["logs", "data"]
            git_url = "https://example.com/claims.git"
            git_ref = "main"

            [[tasks]]
            name = "extract"
            script = "tasks/extract.py"
            """).Valid();

        Assert.Equal("claims_pipeline", dag.Name);
        Assert.Equal("30 6 * * 1-5", dag.Schedule!.Text);
        Assert.Equal("Europe/London", dag.Timezone);
        Assert.Equal(OverlapPolicy.Queue, dag.Overlap);
        Assert.Equal(CatchupPolicy.All, dag.Catchup);
        Assert.Equal(TimeSpan.FromDays(2), dag.CatchupWindow);
        Assert.Equal(TimeSpan.FromMinutes(90), dag.Timeout);
        Assert.Equal(8, dag.MaxActiveTasks);
        Assert.Equal([RunArtifact.Logs, RunArtifact.Data], dag.KeepArtifacts!);
        Assert.Equal("https://example.com/claims.git", dag.GitUrl);
        Assert.Equal("main", dag.GitRef);
        Assert.True(dag.IsGitBacked);
        Assert.True(TimeZones.TryFind("Europe/London", out var london));
        Assert.Equal(london.Id, dag.TimeZone.Id);
    }

    [Fact]
    public void Defaults_apply_to_an_almost_empty_dag()
    {
        var read = _workspace.Read("nightly", """
            [dag]

            [[tasks]]
            name = "vacuum"
            script = "tasks/vacuum.sh"
            """, "tasks/vacuum.sh");
        var dag = read.Valid();

        Assert.Equal("nightly", dag.Name);
        Assert.Null(dag.Schedule);
        Assert.Null(dag.Timezone);
        Assert.Equal(TimeZoneInfo.Local.Id, dag.TimeZone.Id);
        Assert.Equal(OverlapPolicy.Skip, dag.Overlap);
        Assert.Equal(CatchupPolicy.None, dag.Catchup);
        Assert.Null(dag.CatchupWindow);
        Assert.Null(dag.Timeout);
        Assert.Equal(4, dag.MaxActiveTasks);
        Assert.Null(dag.KeepArtifacts);
        Assert.False(dag.IsGitBacked);
        Assert.Empty(dag.Requires);
        Assert.Null(dag.Sql);
        Assert.Null(dag.Dbt);
        Assert.Null(dag.FtpWatch);
        Assert.Null(dag.Webhook);
        Assert.Null(dag.Notify);
        Assert.Empty(dag.Outputs);
        Assert.Equal(read.File, dag.File);
        Assert.Equal(_workspace.ProjectDir("nightly"), dag.ProjectDir);
    }

    [Fact]
    public void The_name_defaults_to_the_folder_name()
    {
        var dag = _workspace.Read("monthly_reports", """
            [dag]
            schedule = "@monthly"

            [[tasks]]
            name = "report"
            script = "report.sh"
            """, "report.sh").Valid();

        Assert.Equal("monthly_reports", dag.Name);
    }

    [Theory]
    [InlineData("skip", OverlapPolicy.Skip)]
    [InlineData("queue", OverlapPolicy.Queue)]
    [InlineData("allow", OverlapPolicy.Allow)]
    public void Reads_each_overlap_policy(string text, OverlapPolicy expected)
    {
        var dag = _workspace.Read("p", $"""
            [dag]
            overlap = "{text}"

            [[tasks]]
            name = "a"
            script = "a.sh"
            """, "a.sh").Valid();

        Assert.Equal(expected, dag.Overlap);
    }

    [Theory]
    [InlineData("0 */2 * * *", false)]
    [InlineData("0 0 */2 * * *", true)]
    [InlineData("@daily", false)]
    public void Reads_each_schedule_form(string cron, bool hasSeconds)
    {
        var dag = _workspace.Read("p", $"""
            [dag]
            schedule = "{cron}"

            [[tasks]]
            name = "a"
            script = "a.sh"
            """, "a.sh").Valid();

        Assert.Equal(cron, dag.Schedule!.Text);
        Assert.Equal(hasSeconds, dag.Schedule.HasSeconds);
    }

    [Fact]
    public void Tasks_and_outputs_keep_their_order()
    {
        var dag = _workspace.Read("p", """
            [dag]

            [[tasks]]
            name = "first"
            script = "a.sh"

            [[tasks]]
            name = "second"
            script = "a.sh"

            [[tasks]]
            name = "third"
            script = "a.sh"
            """, "a.sh").Valid();

        Assert.Equal(["first", "second", "third"], dag.Tasks.Select(t => t.Name));
        Assert.Equal("second", dag.FindTask("second")!.Name);
        Assert.Null(dag.FindTask("fourth"));
    }

    [Fact]
    public void A_definition_is_returned_even_with_errors()
    {
        var read = _workspace.Read("p", """
            [dag]
            max_active_tasks = "many"

            [[tasks]]
            name = "a"
            script = "a.sh"
            """, "a.sh");

        Assert.NotNull(read.Dag);
        Assert.Equal(4, read.Dag.MaxActiveTasks);
        Assert.Single(read.Errors);
    }

    [Fact]
    public void A_missing_pit_toml_is_reported_not_thrown()
    {
        Directory.CreateDirectory(_workspace.ProjectDir("empty"));

        var read = _workspace.ReadExisting("empty");

        Assert.Null(read.Dag);
        var error = Assert.Single(read.Errors);
        Assert.Equal(read.File, error.File);
        Assert.Contains("cannot read file", error.Message);
    }
}
