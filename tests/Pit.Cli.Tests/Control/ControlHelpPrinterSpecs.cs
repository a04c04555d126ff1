using System.Text.Json.Nodes;
using Pit.Cli.Control;
using Pit.Engine.Control;
using Pit.Server.Control;

namespace Pit.Cli.Tests.Control;

/// <summary>The real host's help document (<see cref="ControlHelp.Describe"/>) printed for people.</summary>
public sealed class ControlHelpPrinterSpecs
{
    private static ControlPalettes Palettes()
    {
        ControlHandler none = _ => Task.FromResult<JsonNode?>(null);
        var palettes = new ControlPalettes();
        palettes.Register(new ControlPalette("run", "the runs",
        [
            new("show", "a run and its tasks", none, [new ControlArg("id", "the run id", Values: ControlValues.Runs)]),
            new("tail", "live task output", none, [new ControlArg("id", "the run id"), new ControlArg("task", "only this task", Required: false)], Streams: true),
            new("ls", "recent runs", none, Options: [new ControlOption("dag", "only this DAG's runs"), new ControlOption("limit", "how many", Short: 'n')]),
        ]));
        palettes.Register(new ControlPalette("system", "the process", [new("uptime", "how long it has run", none)]));
        return palettes;
    }

    private static string Print(string? palette)
    {
        using var output = new StringWriter { NewLine = "\n" };
        Assert.True(ControlHelpPrinter.Write(output, ControlHelp.Describe(Palettes(), palette)));
        return output.ToString();
    }

    [Fact]
    public void Lists_each_palette_with_its_summary_and_its_commands_as_typed_beside_their_summaries()
    {
        Assert.Equal("""
            run — the runs
              run show <id>                  a run and its tasks
              run tail <id> [task]           live task output (stream)
              run ls [--dag DAG] [-n LIMIT]  recent runs

            system — the process
              system uptime                  how long it has run

            also: help [palette], complete <kind>; help <palette> tells what each argument and option means

            """.ReplaceLineEndings("\n"), Print(null));
    }

    [Fact]
    public void One_palette_also_says_what_each_argument_and_option_means()
    {
        Assert.Equal("""
            run — the runs
              run show <id>                  a run and its tasks
                                               <id>  the run id
              run tail <id> [task]           live task output (stream)
                                               <id>    the run id
                                               [task]  only this task
              run ls [--dag DAG] [-n LIMIT]  recent runs
                                               --dag DAG          only this DAG's runs
                                               -n, --limit LIMIT  how many

            also: help [palette], complete <kind>

            """.ReplaceLineEndings("\n"), Print("run"));
    }

    [Fact]
    public void Anything_but_a_help_document_is_left_to_the_generic_printer()
    {
        using var output = new StringWriter();
        Assert.False(ControlHelpPrinter.Write(output, JsonNode.Parse("""{"uptime":1}""")));
        Assert.Equal("", output.ToString());
    }
}
