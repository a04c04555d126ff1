using Pit.Engine.Sdk;

namespace Pit.Engine.Tests.Sdk;

public sealed class RedactorSpecs
{
    [Fact]
    public void Every_known_value_is_masked_longest_first_and_very_short_values_are_left_alone()
    {
        var redactor = new Redactor();
        redactor.Add(["pass", "password-123", "21"]);
        redactor.Add(["pass"]);

        Assert.Equal("url=*** short=*** port=21", redactor.Redact("url=password-123 short=pass port=21"));
        Assert.Equal("nothing secret", redactor.Redact("nothing secret"));
    }
}
