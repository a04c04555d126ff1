using Pit.Core.Dags;

namespace Pit.Core.Tests.Dags;

public sealed class RequirementReaderSpecs : IDisposable
{
    private readonly TempWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    private DagRead Read(string requires) => _workspace.Read("p", $"""
        [dag]

        [dag.requires]
        {requires}

        [[tasks]]
        name = "a"
        script = "a.sh"
        """, "a.sh");

    [Fact]
    public void Reads_max_age_entries()
    {
        var dag = Read("""
            claims_pipeline = { max_age = "24h" }
            warehouse_transforms = { max_age = "1d12h" }
            """).Valid();

        Assert.Equal(
            [
                new DagRequirement("claims_pipeline", RequirementCondition.LastSuccess, TimeSpan.FromHours(24), null),
                new DagRequirement("warehouse_transforms", RequirementCondition.LastSuccess, TimeSpan.FromHours(36), null),
            ],
            dag.Requires);
    }

    [Theory]
    [InlineData("last_success", RequirementCondition.LastSuccess)]
    [InlineData("last_complete", RequirementCondition.LastComplete)]
    public void Reads_conditions(string condition, RequirementCondition expected)
    {
        var dag = Read($"upstream = {{ condition = \"{condition}\" }}").Valid();

        Assert.Equal(new DagRequirement("upstream", expected, null, null), Assert.Single(dag.Requires));
    }

    [Fact]
    public void Reads_a_window_condition()
    {
        var dag = Read("upstream = { condition = \"within_window\", window = \"6h\" }").Valid();

        Assert.Equal(new DagRequirement("upstream", RequirementCondition.WithinWindow, null, TimeSpan.FromHours(6)), Assert.Single(dag.Requires));
    }

    [Fact]
    public void Reads_the_sub_table_form()
    {
        var dag = _workspace.Read("p", """
            [dag]

            [dag.requires.upstream]
            max_age = "12h"

            [[tasks]]
            name = "a"
            script = "a.sh"
            """, "a.sh").Valid();

        Assert.Equal(TimeSpan.FromHours(12), Assert.Single(dag.Requires).MaxAge);
    }
}
