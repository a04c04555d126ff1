using Pit.Engine.Protocol;
using Pit.Engine.Runs;

namespace Pit.Engine.Tests.Runs;

public sealed class RunParametersSpecs
{
    [Theory]
    [InlineData("date", "PIT_PARAM_DATE")]
    [InlineData("batch-size", "PIT_PARAM_BATCH_SIZE")]
    [InlineData("région.1", "PIT_PARAM_R_GION_1")]
    public void A_parameter_key_becomes_an_environment_variable_name(string key, string expected) =>
        Assert.Equal(expected, RunParameters.VariableName(key));

    [Fact]
    public void The_run_state_keeps_the_parameters_and_logical_time_it_was_created_with()
    {
        var at = new DateTimeOffset(2026, 11, 25, 6, 0, 0, TimeSpan.Zero);
        var state = DagRunState.Empty("r").Apply(new RunEvents.RunCreated("r", "etl", "cron", "hash",
            [new RunEvents.PlannedTask("extract", [])], at, at, new Dictionary<string, string> { ["date"] = "2026-11-24" }));

        var parameter = Assert.Single(state.Parameters);
        Assert.Equal(("date", "2026-11-24"), (parameter.Key, parameter.Value));
        Assert.Equal(at, state.LogicalTime);
    }
}
