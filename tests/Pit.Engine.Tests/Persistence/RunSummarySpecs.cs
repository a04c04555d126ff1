using Pit.Engine.Persistence;
using Pit.Engine.Protocol;

namespace Pit.Engine.Tests.Persistence;

public sealed class RunSummarySpecs
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 14, 9, 30, 0, TimeSpan.Zero);

    [Fact]
    public void A_run_summary_has_the_triggers_parameters_by_key_and_its_logical_time()
    {
        var history = new RunHistory();
        var logical = new DateTimeOffset(2025, 3, 14, 9, 0, 0, TimeSpan.FromHours(1));
        history.Apply(new RunEvents.RunCreated("20250314_093000.000_a", "a", "cron", "h", [], T0, logical,
            new Dictionary<string, string> { ["region"] = "eu", ["date"] = "2025-03-14" }));
        history.Apply(new RunEvents.RunCreated("20250314_093001.000_a", "a", "api", "h", [], T0.AddSeconds(1)));

        var cron = history.Get("20250314_093000.000_a")!;
        var plain = history.Get("20250314_093001.000_a")!;

        Assert.Equal([new("date", "2025-03-14"), new KeyValuePair<string, string>("region", "eu")], cron.Parameters!);
        Assert.Equal(logical, cron.LogicalTime);
        Assert.Empty(plain.Parameters!);
        Assert.Null(plain.LogicalTime);
    }
}
