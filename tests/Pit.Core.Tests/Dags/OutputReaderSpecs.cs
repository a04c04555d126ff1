using Pit.Core.Dags;

namespace Pit.Core.Tests.Dags;

public sealed class OutputReaderSpecs : IDisposable
{
    private readonly TempWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public void Reads_outputs_with_extra_fields_as_metadata()
    {
        var dag = _workspace.Read("p", """
            [dag]

            [[tasks]]
            name = "a"
            script = "a.sh"

            [[outputs]]
            name = "claims_summary"
            type = "table"
            location = "warehouse.reporting.claims_summary"
            owner = "data team"
            refresh = "daily"
            rows = 1200
            pii = false
            tags = ["finance", "claims"]

            [[outputs]]
            name = "monthly_email"
            type = "email"
            recipients = ["cfo@example.com", "ops@example.com"]
            """, "a.sh").Valid();

        Assert.Equal(2, dag.Outputs.Count);
        var table = dag.Outputs[0];
        Assert.Equal("claims_summary", table.Name);
        Assert.Equal("table", table.Type);
        Assert.Equal("warehouse.reporting.claims_summary", table.Location);
        Assert.Empty(table.Recipients);
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["owner"] = "data team", ["refresh"] = "daily", ["rows"] = "1200", ["pii"] = "false", ["tags"] = "finance, claims",
            },
            table.Metadata);

        var email = dag.Outputs[1];
        Assert.Equal("email", email.Type);
        Assert.Null(email.Location);
        Assert.Equal(["cfo@example.com", "ops@example.com"], email.Recipients);
        Assert.Empty(email.Metadata);
    }
}
