using Pit.Engine.Sdk;

namespace Pit.Engine.Tests.Sdk;

public sealed class SdkTokensSpecs
{
    [Fact]
    public void Ending_an_attempt_refuses_its_token_and_cancels_its_work_but_not_the_others()
    {
        var tokens = new SdkTokens();
        var first = tokens.Issue(new SdkCaller("run", "claims", "load", 1));
        var retry = tokens.Issue(new SdkCaller("run", "claims", "load", 2));
        var other = tokens.Issue(new SdkCaller("run", "claims", "extract", 1));
        var work = tokens.Ended(first);

        tokens.End("load", 1);

        Assert.True(work.IsCancellationRequested);
        Assert.Null(tokens.Find(first));
        Assert.Equal(2, tokens.Find(retry)!.Attempt);
        Assert.False(tokens.Ended(retry).IsCancellationRequested);
        Assert.Equal("extract", tokens.Find(other)!.Task);
    }
}
