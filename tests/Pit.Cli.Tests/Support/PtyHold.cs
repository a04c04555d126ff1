namespace Pit.Cli.Tests.Support;

/// <summary>
/// A point in a pseudo-terminal session's steps (<see cref="PtyTop"/>) where the driver says it got
/// there and waits, reading the screen, until the spec lets it go on: the spec looks at (or changes)
/// the service in between, while pit top is known to have shown what the steps before expected.
/// </summary>
public sealed class PtyHold(TempWorkspace workspace, string name)
{
    private readonly string _path = workspace.PathOf($"{name}.hold");

    public string[] Step => ["--hold", _path];

    /// <summary>Waits until the driver is at this hold; fails with what it saw when it finished without getting there.</summary>
    public void Reached(Task<PtyResult> session)
    {
        Poll.Until(() => File.Exists(_path + ".reached") || session.IsCompleted, $"the pit top session to reach {name}");
        if (!File.Exists(_path + ".reached")) Assert.Fail($"pit top never got to {name}: {session.Result}");
    }

    /// <summary>Lets the driver go on with the steps after this hold.</summary>
    public void Release() => File.WriteAllText(_path + ".go", "");
}
