using System.Text.Json;
using Pit.Cli.Tests.Support;

namespace Pit.Cli.Tests.Commands;

public sealed class OutputsCommandSpecs : IDisposable
{
    private readonly TempWorkspace _workspace = new();

    public OutputsCommandSpecs()
    {
        _workspace.Write("projects/claims/pit.toml", """
            [dag]
            [[tasks]]
            name = "load"
            script = "load.sh"

            [[outputs]]
            name = "claims_staging"
            type = "table"
            location = "warehouse.staging.claims"
            owner = "data-team"

            [[outputs]]
            name = "claims_notification"
            type = "email"
            recipients = ["team@example.com"]
            """);
        _workspace.Write("projects/claims/load.sh", "true\n");
        _workspace.Write("projects/reports/pit.toml", """
            [dag]
            name = "monthly_reports"
            [[tasks]]
            name = "make"
            script = "make.sh"

            [[outputs]]
            name = "report_file"
            type = "file"
            location = "//sftp/reports/monthly.csv"

            [[outputs]]
            name = "report_table"
            type = "table"
            location = "warehouse.marts.reports"
            """);
        _workspace.Write("projects/reports/make.sh", "true\n");
    }

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public void Lists_every_output_as_an_aligned_table()
    {
        var result = _workspace.Pit("outputs");

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Stdout.TrimEnd().Split('\n');
        Assert.Equal(5, lines.Length);
        Assert.StartsWith("PROJECT", lines[0]);
        var typeColumn = lines[0].IndexOf("TYPE", StringComparison.Ordinal);
        Assert.All(lines.Skip(1), line => Assert.NotEqual(' ', line[typeColumn]));
        Assert.Contains("team@example.com", result.Stdout);
        Assert.Contains("monthly_reports", result.Stdout);
    }

    [Fact]
    public void Filters_by_type()
    {
        var result = _workspace.Pit("outputs", "--type", "table");

        Assert.Contains("claims_staging", result.Stdout);
        Assert.Contains("report_table", result.Stdout);
        Assert.DoesNotContain("report_file", result.Stdout);
        Assert.DoesNotContain("claims_notification", result.Stdout);
    }

    [Fact]
    public void Filters_by_location_glob()
    {
        var result = _workspace.Pit("outputs", "--location", "warehouse.staging.*");

        Assert.Contains("claims_staging", result.Stdout);
        Assert.DoesNotContain("report_table", result.Stdout);
    }

    [Fact]
    public void Filters_by_project_name_or_folder()
    {
        var byName = _workspace.Pit("outputs", "--project", "monthly_reports");
        var byFolder = _workspace.Pit("outputs", "--project", "reports");

        Assert.Contains("report_file", byName.Stdout);
        Assert.DoesNotContain("claims_staging", byName.Stdout);
        Assert.Equal(byName.Stdout, byFolder.Stdout);
    }

    [Fact]
    public void No_match_says_so()
    {
        var result = _workspace.Pit("outputs", "--type", "dashboard");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("no outputs match", result.Stdout.Trim());
    }

    [Fact]
    public void Json_includes_extra_fields_as_metadata()
    {
        var result = _workspace.Pit("outputs", "--json", "--project", "claims");

        using var json = JsonDocument.Parse(result.Stdout);
        var entries = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(2, entries.Count);
        var staging = entries.Single(e => e.GetProperty("name").GetString() == "claims_staging");
        Assert.Equal("claims", staging.GetProperty("project").GetString());
        Assert.Equal("warehouse.staging.claims", staging.GetProperty("location").GetString());
        Assert.Equal("data-team", staging.GetProperty("metadata").GetProperty("owner").GetString());
        var email = entries.Single(e => e.GetProperty("type").GetString() == "email");
        Assert.Equal("team@example.com", Assert.Single(email.GetProperty("recipients").EnumerateArray()).GetString());
    }
}
