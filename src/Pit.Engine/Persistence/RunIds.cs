using System.Collections.Concurrent;
using System.Globalization;

namespace Pit.Engine.Persistence;

/// <summary>
/// Run ids: <c>yyyyMMdd_HHmmss.fff_&lt;dag&gt;</c> in UTC, e.g. <c>20250314_093000.125_claims_pipeline</c>.
/// The time part is fixed-width (19 characters, then '_'), so the DAG name is everything after
/// character 20, even when it contains '_'. Within one process, two ids of the same DAG are never
/// equal: a call in the same (or an earlier) millisecond as the previous one is bumped by 1 ms.
/// A run's journal persistenceId is <c>run-&lt;runId&gt;</c> (<see cref="PersistenceIdOf"/>).
/// </summary>
public static class RunIds
{
    private const string TimeFormat = "yyyyMMdd_HHmmss.fff";
    private const int DagStart = 20; // 19 characters of time, then '_'
    private const string PersistenceIdPrefix = "run-";

    private static readonly ConcurrentDictionary<string, long> LastIssued = new(StringComparer.Ordinal);

    /// <summary>A new run id for <paramref name="dag"/> at <paramref name="now"/> (converted to UTC).</summary>
    public static string New(string dag, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dag);
        var wanted = now.ToUnixTimeMilliseconds();
        var issued = LastIssued.AddOrUpdate(dag, wanted, (_, last) => wanted > last ? wanted : last + 1);
        var time = DateTimeOffset.FromUnixTimeMilliseconds(issued).UtcDateTime;
        return time.ToString(TimeFormat, CultureInfo.InvariantCulture) + "_" + dag;
    }

    /// <summary>The DAG name inside a run id; a <see cref="FormatException"/> names the bad id.</summary>
    public static string DagOf(string runId) =>
        TryDagOf(runId, out var dag)
            ? dag
            : throw new FormatException($"'{runId}' is not a run id: expected yyyyMMdd_HHmmss.fff_<dag> (e.g. 20250314_093000.125_claims_pipeline).");

    public static bool TryDagOf(string? runId, out string dag)
    {
        dag = "";
        if (runId is null || runId.Length <= DagStart || runId[DagStart - 1] != '_')
            return false;
        if (!DateTime.TryParseExact(runId.AsSpan(0, DagStart - 1), TimeFormat, CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out _))
            return false;
        dag = runId[DagStart..];
        return true;
    }

    /// <summary>When the run was created (UTC), read from its id.</summary>
    public static DateTimeOffset TimeOf(string runId)
    {
        DagOf(runId);
        var time = DateTime.ParseExact(runId.AsSpan(0, DagStart - 1), TimeFormat, CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        return new DateTimeOffset(time, TimeSpan.Zero);
    }

    /// <summary>The journal persistenceId of the run's DagRun: <c>run-&lt;runId&gt;</c>.</summary>
    public static string PersistenceIdOf(string runId) => PersistenceIdPrefix + runId;
}
