using Pit.Engine.Runs;

namespace Pit.Engine.Tests.Runs;

public sealed class RunOwnershipSpecs : IDisposable
{
    private readonly string _run = Path.Combine(Path.GetTempPath(), "pit-owner-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose() => Directory.Delete(_run, recursive: true);

    [Fact]
    public void A_run_has_one_owner_at_a_time_and_is_free_again_once_its_owner_lets_go()
    {
        var first = RunOwnership.TryTake(_run);
        Assert.NotNull(first);
        Assert.Null(RunOwnership.TryTake(_run));

        first.Dispose();

        using var second = RunOwnership.TryTake(_run);
        Assert.NotNull(second);
        Assert.True(File.Exists(Path.Combine(_run, RunOwnership.FileName)));
    }
}
