using Pit.Engine.Runners;

namespace Pit.Engine.Tests.Runners;

public class CommandWordsSpecs
{
    [Theory]
    [InlineData("node", new[] { "node" })]
    [InlineData("  node   --inspect\tx ", new[] { "node", "--inspect", "x" })]
    [InlineData("psql -c 'select 1; drop table x'", new[] { "psql", "-c", "select 1; drop table x" })]
    [InlineData("echo \"two words\" a\"b c\"d", new[] { "echo", "two words", "ab cd" })]
    [InlineData("echo \"say \\\"hi\\\" \\$HOME \\n\"", new[] { "echo", "say \"hi\" $HOME \\n" })]
    [InlineData("echo one\\ word \\'x\\'", new[] { "echo", "one word", "'x'" })]
    [InlineData("echo '' \"\"", new[] { "echo", "", "" })]
    [InlineData("echo 'it'\\''s'", new[] { "echo", "it's" })]
    [InlineData("echo $HOME; rm -rf / | tee `x` > y", new[] { "echo", "$HOME;", "rm", "-rf", "/", "|", "tee", "`x`", ">", "y" })]
    [InlineData("a \\\nb", new[] { "a", "b" })]
    public void Splits_words_like_a_shell_without_expanding_anything(string command, string[] expected)
    {
        Assert.True(CommandWords.TrySplit(command, out var words, out var error), error);
        Assert.Equal(expected, words);
    }

    [Theory]
    [InlineData("echo 'open", "unterminated single quote")]
    [InlineData("echo \"open", "unterminated double quote")]
    [InlineData("echo \\", "trailing backslash")]
    public void Reports_unbalanced_quotes(string command, string problem)
    {
        Assert.False(CommandWords.TrySplit(command, out _, out var error));
        Assert.Contains(problem, error);
        Assert.Contains(command, error);
    }

    [Fact]
    public void Quoting_round_trips_through_splitting()
    {
        string[] words = ["uv", "run", "--project", "/tmp/my project", "it's", "", "a\"b", "$x"];
        var joined = CommandWords.Join(words);
        Assert.StartsWith("uv run --project '/tmp/my project'", joined);
        Assert.True(CommandWords.TrySplit(joined, out var back, out _));
        Assert.Equal(words, back);
    }
}
