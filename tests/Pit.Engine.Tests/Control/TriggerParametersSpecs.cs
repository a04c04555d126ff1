using Pit.Engine.Control;

namespace Pit.Engine.Tests.Control;

public sealed class TriggerParametersSpecs
{
    [Fact]
    public void Key_value_words_become_parameters_split_at_the_first_equals_sign()
    {
        var parameters = TriggerParameters.Parse(["date=2025-03-14", "filter=a=b", "empty="]);

        Assert.Equal(new Dictionary<string, string> { ["date"] = "2025-03-14", ["filter"] = "a=b", ["empty"] = "" }, parameters);
        Assert.Empty(TriggerParameters.Parse([]));
    }

    [Theory]
    [InlineData("oops", "'oops' is not a parameter: write key=value")]
    [InlineData("=value", "'=value' has no key before '='")]
    public void A_word_that_is_not_key_value_is_a_bad_args_error_naming_it(string word, string message)
    {
        var error = Assert.Throws<ControlException>(() => TriggerParameters.Parse(["date=2025-03-14", word]));

        Assert.Equal("bad_args", error.Code);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void A_key_given_twice_is_refused()
    {
        var error = Assert.Throws<ControlException>(() => TriggerParameters.Parse(["date=1", "date=2"]));

        Assert.Equal(("bad_args", "parameter 'date' is given twice"), (error.Code, error.Message));
    }
}
