using System.Text.Json.Nodes;
using Pit.Engine.Control;

namespace Pit.Engine.Tests.Control;

public sealed class ControlArgsSpecs
{
    private static readonly ControlCommand Hierarchy = new("hierarchy", "tree", _ => Task.FromResult<JsonNode?>(null),
        Options: [new("depth", "levels", 'd'), new("system", "with /system", Flag: true)]);

    private static readonly ControlCommand Trigger = new("trigger", "start a run", _ => Task.FromResult<JsonNode?>(null),
        [new("dag", "the DAG"), new("params", "k=v", Required: false, Many: true)]);

    private static ControlArgs Words(ControlCommand command, params string[] words) =>
        ControlArgs.Parse("p", command, new JsonObject { ["argv"] = new JsonArray(words.Select(w => (JsonNode?)w).ToArray()) });

    [Fact]
    public void Words_fill_short_and_long_options_and_flags()
    {
        var args = Words(Hierarchy, "-d", "2", "--system");
        Assert.Equal(2, args.Int("depth", 5));
        Assert.True(args.Flag("system"));
        Assert.Equal(5, Words(Hierarchy).Int("depth", 5));
        Assert.False(Words(Hierarchy).Flag("system"));
    }

    [Fact]
    public void Positional_words_fill_arguments_in_order_and_a_many_argument_takes_the_rest()
    {
        var args = Words(Trigger, "etl", "day=2025-01-01", "region=eu");
        Assert.Equal("etl", args.Require("dag"));
        Assert.Equal(["day=2025-01-01", "region=eu"], args.All("params"));
    }

    [Fact]
    public void Named_arguments_are_read_like_words()
    {
        var args = ControlArgs.Parse("p", Trigger, JsonNode.Parse("""{"dag":"etl","params":["a=1"]}"""));
        Assert.Equal("etl", args.Get("dag"));
        Assert.Equal(["a=1"], args.All("params"));
        var flags = ControlArgs.Parse("p", Hierarchy, JsonNode.Parse("""{"depth":3,"system":true}"""));
        Assert.Equal(3, flags.Int("depth", 5));
        Assert.True(flags.Flag("system"));
    }

    [Fact]
    public void An_unknown_option_is_refused_naming_the_ones_the_command_takes()
    {
        var error = Assert.Throws<ControlException>(() => Words(Hierarchy, "--deep", "2"));
        Assert.Equal("bad_args", error.Code);
        Assert.Contains("'--deep'", error.Message);
        Assert.Contains("--depth", error.Message);
        Assert.Contains("--system", error.Known);
        Assert.Throws<ControlException>(() => ControlArgs.Parse("p", Hierarchy, JsonNode.Parse("""{"deep":1}""")));
    }

    [Fact]
    public void A_missing_required_argument_or_a_surplus_word_or_a_missing_value_is_refused_with_the_usage()
    {
        var missing = Assert.Throws<ControlException>(() => Words(Trigger));
        Assert.Contains("missing <dag>", missing.Message);
        Assert.Contains("usage: p trigger <dag> [params…]", missing.Message);
        var surplus = Assert.Throws<ControlException>(() => Words(Hierarchy, "extra"));
        Assert.Contains("unexpected argument 'extra'", surplus.Message);
        var noValue = Assert.Throws<ControlException>(() => Words(Hierarchy, "-d"));
        Assert.Contains("-d needs a value", noValue.Message);
    }

    [Fact]
    public void A_number_out_of_range_is_refused_naming_the_option_and_the_range()
    {
        var error = Assert.Throws<ControlException>(() => Words(Hierarchy, "-d", "0").Int("depth", 5, 1, 50));
        Assert.Contains("depth must be a whole number from 1 to 50, got '0'", error.Message);
        // A negative number is a value, not an option.
        Assert.Equal(["-1"], Words(Trigger, "etl", "-1").All("params"));
    }

    [Fact]
    public void The_usage_line_shows_arguments_and_options()
    {
        Assert.Equal("hierarchy [-d DEPTH] [--system]", Hierarchy.Usage());
        Assert.Equal("trigger <dag> [params…]", Trigger.Usage());
    }
}
