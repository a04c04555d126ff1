namespace Pit.Cli.Tests.Support;

/// <summary>Waits for something observable from outside (a file, a process) with a generous deadline.</summary>
public static class Poll
{
    public static readonly TimeSpan DefaultLimit = TimeSpan.FromMinutes(1);

    /// <param name="state">What to show beside the failure when it gives up (the output of the processes involved, say).</param>
    public static void Until(Func<bool> condition, string what, TimeSpan? limit = null, Func<string>? state = null)
    {
        var deadline = DateTime.UtcNow + (limit ?? DefaultLimit);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"gave up waiting for {what}{(state is null ? "" : "\n" + state())}");
            Thread.Sleep(50);
        }
    }

    /// <summary>As <see cref="Until"/>, for a condition that asks something asynchronously (the control channel).</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? limit = null)
    {
        var deadline = DateTime.UtcNow + (limit ?? DefaultLimit);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"gave up waiting for {what}");
            await Task.Delay(50);
        }
    }

    /// <summary>True once <paramref name="path"/> exists and contains <paramref name="text"/>.</summary>
    public static bool FileContains(string path, string text)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd().Contains(text, StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }
}
