using Pit.Core.Validation;

namespace Pit.Core.Tests.Validation;

public class SpellingSpecs
{
    private static readonly string[] TaskKeys = ["name", "script", "retries", "retry_delay", "depends_on", "timeout"];

    [Theory]
    [InlineData("retrys", "retries")]
    [InlineData("scirpt", "script")]
    [InlineData("depend_on", "depends_on")]
    [InlineData("Timeout", "timeout")]
    public void Suggests_the_near_miss(string word, string expected)
    {
        Assert.Equal(expected, Spelling.Closest(word, TaskKeys));
    }

    [Theory]
    [InlineData("colour")]
    [InlineData("x")]
    public void Suggests_nothing_for_a_far_word(string word)
    {
        Assert.Null(Spelling.Closest(word, TaskKeys));
    }

    [Fact]
    public void Suggests_nothing_without_candidates()
    {
        Assert.Null(Spelling.Closest("retries", []));
    }

    [Theory]
    [InlineData("", "", 0)]
    [InlineData("abc", "", 3)]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("RETRIES", "retries", 0)]
    public void Distance_is_levenshtein_ignoring_case(string a, string b, int expected)
    {
        Assert.Equal(expected, Spelling.Distance(a, b));
    }
}
