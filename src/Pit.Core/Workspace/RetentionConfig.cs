using Pit.Core.Toml;

namespace Pit.Core.Workspace;

/// <summary>
/// <c>[retention]</c> in pit_config.toml: finished runs older than <see cref="Runs"/> are collected
/// by <c>pit gc</c> and, every <see cref="GcEvery"/> (first <see cref="GcDelay"/> after start), by
/// <c>pit serve</c>. No table: keep everything.
/// </summary>
public sealed record RetentionConfig(TimeSpan Runs)
{
    /// <summary>How often <c>pit serve</c> collects (<c>gc_every</c>, default 1 day).</summary>
    public TimeSpan GcEvery { get; init; } = TimeSpan.FromDays(1);

    /// <summary>How long after start <c>pit serve</c> first collects (<c>gc_delay</c>, default 1 minute).</summary>
    public TimeSpan GcDelay { get; init; } = TimeSpan.FromMinutes(1);

    private static readonly string[] Keys = ["runs", "gc_every", "gc_delay"];

    /// <summary>The <c>[retention]</c> table; null when absent or wrong (its errors are reported).</summary>
    public static RetentionConfig? Read(TomlSection? table)
    {
        if (table is null) return null;
        table.RejectUnknownKeys(Keys);
        var runs = table.PositiveDuration("runs");
        if (!table.Has("runs")) table.Missing("runs", "the [retention] table needs 'runs', how long finished runs are kept (e.g. runs = \"30d\")");
        var every = table.Has("gc_every") ? table.PositiveDuration("gc_every") : null;
        var delay = table.Has("gc_delay") ? table.Duration("gc_delay") : null;
        if (runs is null) return null;
        var config = new RetentionConfig(runs.Value);
        return config with { GcEvery = every ?? config.GcEvery, GcDelay = delay ?? config.GcDelay };
    }
}
