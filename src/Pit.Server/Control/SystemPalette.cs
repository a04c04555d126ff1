using System.Reflection;
using System.Runtime;
using System.Text.Json.Nodes;
using Pit.Engine.Control;

namespace Pit.Server.Control;

/// <summary>
/// <c>system version | uptime | gc</c> (the process: Pit's version, how long it has run, its heap
/// and collections) and <c>cluster show</c> (members, roles and leader; Pit runs on one node for
/// now, and says so).
/// </summary>
public static class SystemPalette
{
    /// <param name="control">The control channel's connections and running commands, shown by <c>uptime</c>.</param>
    public static ControlPalette System(DateTimeOffset startedAt, ControlStats control) => new("system", "the service process: version, uptime, memory",
    [
        new("version", "Pit's version and the .NET runtime", _ => Task.FromResult<JsonNode?>(new JsonObject
        {
            ["pit"] = Version(),
            ["runtime"] = Environment.Version.ToString(),
            ["os"] = global::System.Runtime.InteropServices.RuntimeInformation.OSDescription,
        })),
        new("uptime", "when the service started, how long it has run, and the control clients connected", _ =>
        {
            var up = DateTimeOffset.UtcNow - startedAt;
            return Task.FromResult<JsonNode?>(new JsonObject
            {
                ["started"] = startedAt.UtcDateTime.ToString("O"),
                ["uptime_seconds"] = Math.Round(up.TotalSeconds, 3),
                ["uptime"] = Words(up),
                ["control_connections"] = control.Connections,
                ["control_commands"] = control.Commands,
            });
        }),
        new("gc", "heap size, collections per generation, working set", _ =>
        {
            var info = GC.GetGCMemoryInfo();
            return Task.FromResult<JsonNode?>(new JsonObject
            {
                ["heap_bytes"] = GC.GetTotalMemory(forceFullCollection: false),
                ["committed_bytes"] = info.TotalCommittedBytes,
                ["working_set_bytes"] = Environment.WorkingSet,
                ["gen0_collections"] = GC.CollectionCount(0),
                ["gen1_collections"] = GC.CollectionCount(1),
                ["gen2_collections"] = GC.CollectionCount(2),
                ["pause_time_percent"] = info.PauseTimePercentage,
                ["server_gc"] = GCSettings.IsServerGC,
            });
        }),
    ]);

    public static ControlPalette Cluster() => new("cluster", "cluster membership (Pit runs on one node)",
    [
        new("show", "members, roles and leader", _ => Task.FromResult<JsonNode?>(new JsonObject
        {
            ["clustered"] = false,
            ["message"] = "not clustered: this pit serve runs in single-node mode",
            ["members"] = new JsonArray(),
        })),
    ]);

    private static string Version() =>
        typeof(SystemPalette).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(SystemPalette).Assembly.GetName().Version?.ToString() ?? "unknown";

    private static string Words(TimeSpan up) =>
        up.TotalDays >= 1 ? $"{(int)up.TotalDays}d {up.Hours}h {up.Minutes}m"
        : up.TotalHours >= 1 ? $"{up.Hours}h {up.Minutes}m {up.Seconds}s"
        : $"{up.Minutes}m {up.Seconds}s";
}
