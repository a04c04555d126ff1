namespace Pit.Engine.Runners;

/// <summary>
/// Where the Python SDK (<c>pit_sdk</c>) ships: <c>sdk/python</c> beside the pit binary. The
/// Python runner puts it on every Python task's PYTHONPATH, so <c>import pit_sdk</c> works without
/// installing anything.
/// </summary>
public static class PythonSdk
{
    /// <summary>The folder holding <c>pit_sdk/</c>; null when this build does not ship it.</summary>
    public static string? Folder { get; } = Find();

    private static string? Find()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "sdk", "python");
        return File.Exists(Path.Combine(folder, "pit_sdk", "__init__.py")) ? folder : null;
    }
}
