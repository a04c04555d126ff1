using Pit.Engine.Persistence;

namespace Pit.Engine.Tests.Persistence;

public sealed class RunIdsSpecs
{
    private static string UniqueDag(string prefix) => prefix + "_" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public void A_run_id_is_the_utc_time_to_the_millisecond_then_the_dag()
    {
        var dag = UniqueDag("claims_pipeline");
        var id = RunIds.New(dag, new DateTimeOffset(2025, 3, 14, 10, 30, 0, 125, TimeSpan.FromHours(1)));

        Assert.Equal("20250314_093000.125_" + dag, id);
    }

    [Fact]
    public void Two_ids_in_the_same_millisecond_differ_by_one_millisecond()
    {
        var dag = UniqueDag("d");
        var now = new DateTimeOffset(2025, 3, 14, 9, 30, 0, 999, TimeSpan.Zero);

        var ids = Enumerable.Range(0, 3).Select(_ => RunIds.New(dag, now)).ToList();

        Assert.Equal(["20250314_093000.999_" + dag, "20250314_093001.000_" + dag, "20250314_093001.001_" + dag], ids);
    }

    [Fact]
    public void Ids_stay_unique_under_concurrent_calls()
    {
        var dag = UniqueDag("busy");
        var now = DateTimeOffset.UtcNow;

        var ids = Enumerable.Range(0, 2000).AsParallel().Select(_ => RunIds.New(dag, now)).ToList();

        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public void A_later_time_is_used_as_is()
    {
        var dag = UniqueDag("d");
        var now = new DateTimeOffset(2025, 3, 14, 9, 30, 0, 0, TimeSpan.Zero);
        RunIds.New(dag, now);

        Assert.Equal("20250314_093005.000_" + dag, RunIds.New(dag, now.AddSeconds(5)));
    }

    [Theory]
    [InlineData("20250314_093000.125_claims_pipeline", "claims_pipeline")]
    [InlineData("20250314_093000.125_a", "a")]
    [InlineData("20250314_093000.125_x_1_2", "x_1_2")]
    public void The_dag_is_everything_after_the_fixed_width_time(string runId, string dag)
    {
        Assert.Equal(dag, RunIds.DagOf(runId));
        Assert.Equal(new DateTimeOffset(2025, 3, 14, 9, 30, 0, 125, TimeSpan.Zero), RunIds.TimeOf(runId));
    }

    [Theory]
    [InlineData("")]
    [InlineData("run-1")]
    [InlineData("20250314_093000.125_")]
    [InlineData("20250314_093000.125-claims")]
    [InlineData("2025031x_093000.125_claims")]
    [InlineData("20251314_093000.125_claims")]
    public void A_malformed_run_id_is_a_clear_error(string runId)
    {
        Assert.False(RunIds.TryDagOf(runId, out _));
        var error = Assert.Throws<FormatException>(() => RunIds.DagOf(runId));
        Assert.Contains($"'{runId}'", error.Message);
    }

    [Fact]
    public void The_persistence_id_is_run_dash_the_run_id()
    {
        Assert.Equal("run-20250314_093000.125_claims", RunIds.PersistenceIdOf("20250314_093000.125_claims"));
    }
}
