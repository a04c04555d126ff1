using System.Text.Json.Nodes;
using Pit.Cli.Control;
using Pit.Engine.Control;
using Pit.Server.Control;

namespace Pit.Cli.Tests.Control;

/// <summary>Completion read from the help document the real control host describes (<see cref="ControlHelp.Describe"/>).</summary>
public sealed class CompletionSpecs
{
    private static readonly Completion Completion = Completion.From(ControlHelp.Describe(Palettes(), palette: null));

    private static ControlPalettes Palettes()
    {
        ControlHandler none = _ => Task.FromResult<JsonNode?>(null);
        var palettes = new ControlPalettes();
        palettes.Register(new ControlPalette("run", "runs",
        [
            new("show", "a run", none, [new ControlArg("id", "run id", Values: ControlValues.Runs)]),
            new("ls", "runs", none, Options:
            [
                new ControlOption("dag", "only this DAG", Values: ControlValues.Dags),
                new ControlOption("state", "only this state"),
                new ControlOption("limit", "how many", Short: 'n'),
            ]),
            new("tail", "output", none, [new ControlArg("id", "run id", Values: ControlValues.Runs), new ControlArg("task", "task", Required: false)], Streams: true),
        ]));
        palettes.Register(new ControlPalette("dag", "DAGs",
        [
            new("trigger", "start a run", none, [new ControlArg("dag", "DAG", Values: ControlValues.Dags), new ControlArg("params", "k=v", Required: false, Many: true)]),
        ]));
        palettes.Register(new ControlPalette("actor", "actors",
        [
            new("hierarchy", "the tree", none, Options: [new ControlOption("depth", "levels", Short: 'd'), new ControlOption("system", "system actors too", Flag: true)]),
        ]));
        palettes.Register(new ControlPalette("system", "the process", [new("uptime", "uptime", none), new("version", "version", none)]));
        palettes.Register(new ControlPalette("scheduler", "the scheduler", [new("show", "timers", none)]));
        return palettes;
    }

    [Fact]
    public void The_first_word_is_a_palette_help_or_exit()
    {
        var query = Completion.Query("");
        Assert.Equal(["actor", "dag", "exit", "help", "run", "scheduler", "system"], query.Matches());

        query = Completion.Query("s");
        Assert.Equal(0, query.Start);
        Assert.Equal("s", query.Prefix);
        Assert.Equal(["scheduler", "system"], query.Matches());
        Assert.Null(query.ValuesKind);
    }

    [Fact]
    public void The_second_word_is_a_command_of_the_palette_or_after_help_a_palette()
    {
        var query = Completion.Query("run s");
        Assert.Equal(4, query.Start);
        Assert.Equal(["show"], query.Matches());
        Assert.Equal(["ls", "show", "tail"], Completion.Query("run  ").Matches());
        Assert.Equal(["scheduler", "system"], Completion.Query("help s").Matches());
        Assert.Empty(Completion.Query("help run ").Matches());
    }

    [Fact]
    public void Unknown_palettes_and_commands_complete_nothing()
    {
        Assert.Empty(Completion.Query("nope ").Matches());
        Assert.Empty(Completion.Query("run nope ").Matches());
        Assert.Null(Completion.Query("run nope ").ValuesKind);
    }

    [Fact]
    public void An_argument_with_a_completion_kind_asks_for_its_values()
    {
        var query = Completion.Query("run show 20");
        Assert.Equal(ControlValues.Runs, query.ValuesKind);
        Assert.Equal(9, query.Start);
        Assert.Equal(["20250101-etl-1", "20250102-etl-2"], query.Matches(["20250102-etl-2", "20250101-etl-1", "19991231-old-1", "20250101-etl-1"]));

        Assert.Equal(ControlValues.Dags, Completion.Query("dag trigger ").ValuesKind);
        Assert.Null(Completion.Query("run tail 20250101-etl-1 ").ValuesKind);
    }

    [Fact]
    public void Options_are_offered_short_where_they_have_a_short_name_and_long_after_two_dashes()
    {
        Assert.Equal(["--dag", "--state", "-n"], Completion.Query("run ls ").Matches());
        Assert.Equal(["--dag", "--limit", "--state"], Completion.Query("run ls --").Matches());
        Assert.Equal(["--dag"], Completion.Query("run ls --d").Matches());
    }

    [Fact]
    public void An_option_that_takes_a_value_completes_its_values_and_a_used_option_is_not_offered_again()
    {
        Assert.Equal(ControlValues.Dags, Completion.Query("run ls --dag ").ValuesKind);
        Assert.Equal(ControlValues.Dags, Completion.Query("run ls -n 5 --dag e").ValuesKind);
        Assert.Null(Completion.Query("run ls --state ").ValuesKind);
        Assert.Empty(Completion.Query("run ls --state ").Matches());
        Assert.Equal(["--state", "-n"], Completion.Query("run ls --dag etl -").Matches());
        Assert.Equal(["-d"], Completion.Query("actor hierarchy --system ").Matches());
    }

    [Fact]
    public void Words_after_a_many_argument_without_a_kind_offer_the_options_left()
    {
        Assert.Null(Completion.Query("dag trigger etl ").ValuesKind);
        Assert.Empty(Completion.Query("dag trigger etl day=1 ").Matches());
    }

    [Fact]
    public void Without_a_help_document_only_help_and_exit_complete()
    {
        Assert.Equal(["exit", "help"], Completion.None.Query("").Matches());
        Assert.Empty(Completion.From(JsonNode.Parse("""{"unexpected":true}""")).Query("run ").Matches());
    }

    [Fact]
    public void One_match_is_put_in_whole_with_a_space_after_it()
    {
        var answer = Completion.Tab("sys", ["system"], again: false);
        Assert.Equal("system ", answer.Insert);
        Assert.Empty(answer.List);
    }

    [Fact]
    public void Several_matches_extend_the_word_to_what_they_share_and_a_second_Tab_lists_them()
    {
        Assert.Equal("run-20250", Completion.Tab("r", ["run-20250101", "run-20250202"], again: false).Insert);

        var first = Completion.Tab("s", ["scheduler", "system"], again: false);
        Assert.Null(first.Insert);
        Assert.Empty(first.List);

        var second = Completion.Tab("s", ["scheduler", "system"], again: true);
        Assert.Null(second.Insert);
        Assert.Equal(["scheduler", "system"], second.List);

        Assert.Equal(TabAnswer.Nothing, Completion.Tab("x", [], again: true));
    }

    [Fact]
    public void The_shared_prefix_is_the_longest_start_of_every_word()
    {
        Assert.Equal("sys", Completion.SharedPrefix(["system", "sysadmin", "sys"]));
        Assert.Equal("", Completion.SharedPrefix(["a", "b"]));
        Assert.Equal("only", Completion.SharedPrefix(["only"]));
        Assert.Equal("", Completion.SharedPrefix([]));
    }
}
