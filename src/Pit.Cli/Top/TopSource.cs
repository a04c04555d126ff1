using System.Text.Json.Nodes;
using Pit.Server.Control;

namespace Pit.Cli.Top;

/// <summary>
/// Asks the service what <c>pit top</c> shows: <c>dag ls</c>, <c>run ls --state running</c> and
/// <c>run ls -n 20</c> at once, then <c>run show</c> of the selected run.
/// </summary>
public static class TopSource
{
    public const int RecentRuns = 20;
    public const int MostActiveRuns = 100;

    /// <exception cref="ControlErrorException">The service answered one of the commands with an error.</exception>
    /// <exception cref="ControlUnreachableException">The connection is gone.</exception>
    /// <exception cref="FormatException">A reply is not shaped as the contract says.</exception>
    public static async Task<TopSnapshot> ListsAsync(ControlClient client, CancellationToken cancel)
    {
        var dags = client.CallAsync("dag ls", null, cancel);
        var running = client.CallAsync("run ls", ControlClient.Argv(["--state", RunStateNames.Running, "-n", MostActiveRuns.ToString()]), cancel);
        var recent = client.CallAsync("run ls", ControlClient.Argv(["-n", RecentRuns.ToString()]), cancel);
        await Task.WhenAll(dags, running, recent);
        return TopSnapshot.Of(await dags, await running, await recent, DateTimeOffset.UtcNow);
    }

    /// <summary>The run with its tasks (<see cref="RunDetail.NotFound"/> when the service does not know it).</summary>
    public static async Task<RunDetail> RunAsync(ControlClient client, string runId, CancellationToken cancel)
    {
        JsonNode? reply;
        try
        {
            reply = await client.CallAsync("run show", ControlClient.Argv([runId]), cancel);
        }
        catch (ControlErrorException ex) when (ex.Code == "not_found")
        {
            return RunDetail.NotFound(runId);
        }
        return RunDetail.From(reply);
    }
}
