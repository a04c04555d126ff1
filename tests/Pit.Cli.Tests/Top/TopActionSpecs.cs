using System.Text.Json.Nodes;
using Pit.Cli.Top;
using Pit.Server.Control;

namespace Pit.Cli.Tests.Top;

/// <summary>The control command each action sends, and the status line its reply makes.</summary>
public sealed class TopActionSpecs
{
    private static string Words(TopAction action) =>
        $"{action.Command!.Value.Cmd} {string.Join(' ', action.Command.Value.Args["argv"]!.AsArray().Select(a => a!.GetValue<string>()))}";

    [Fact]
    public void Each_action_is_one_control_command_with_its_argument()
    {
        Assert.Equal("dag trigger etl", Words(new TopAction.Trigger("etl")));
        Assert.Equal("dag pause etl", Words(new TopAction.Pause("etl")));
        Assert.Equal("dag resume etl", Words(new TopAction.Resume("etl")));
        Assert.Equal("run cancel 20250314_093000.125_etl", Words(new TopAction.Cancel("20250314_093000.125_etl")));
        Assert.Null(new TopAction.Quit().Command);
    }

    [Fact]
    public void A_trigger_says_which_run_it_started_or_where_it_queued()
    {
        var started = JsonNode.Parse("""{"run_id":"20250314_093000.125_etl","dag":"etl"}""");
        var queued = JsonNode.Parse("""{"queued":2,"dag":"etl"}""");

        Assert.Equal("triggered etl: run 20250314_093000.125_etl", new TopAction.Trigger("etl").Done(started));
        Assert.Equal("20250314_093000.125_etl", TopAction.Trigger.StartedRun(started));
        Assert.Equal("etl queued (position 2)", new TopAction.Trigger("etl").Done(queued));
        Assert.Null(TopAction.Trigger.StartedRun(queued));
    }

    [Fact]
    public void Pause_and_resume_say_when_nothing_changed()
    {
        Assert.Equal("paused etl", new TopAction.Pause("etl").Done(JsonNode.Parse("""{"dag":"etl","paused":true,"changed":true}""")));
        Assert.Equal("etl was already paused", new TopAction.Pause("etl").Done(JsonNode.Parse("""{"dag":"etl","paused":true,"changed":false}""")));
        Assert.Equal("etl was not paused", new TopAction.Resume("etl").Done(JsonNode.Parse("""{"dag":"etl","paused":false,"changed":false}""")));
    }

    [Fact]
    public void An_error_reply_is_shown_after_the_command_it_answers()
    {
        var error = new ControlErrorException("run_finished", "run 20250314_093000.125_etl has already finished (success)");

        Assert.Equal("run cancel 20250314_093000.125_etl: run 20250314_093000.125_etl has already finished (success)",
            new TopAction.Cancel("20250314_093000.125_etl").Failed(error));
    }
}
