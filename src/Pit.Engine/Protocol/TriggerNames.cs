namespace Pit.Engine.Protocol;

/// <summary>The trigger names the Engine gives the runs it starts (a run's <c>trigger</c>).</summary>
public static class TriggerNames
{
    /// <summary>A schedule's occurrence, fired on time.</summary>
    public const string Cron = "cron";

    /// <summary>An occurrence missed while Pit was down, fired by the DAG's <c>catchup</c> policy.</summary>
    public const string CatchUp = "catchup";

    /// <summary>A trigger through the control channel (<c>pit ctl dag trigger</c>, <c>pit trigger</c>).</summary>
    public const string Control = "ctl";

    /// <summary>A new run of an ended run, from its snapshot (<c>pit rerun</c>, <c>run rerun</c>, <c>POST /api/runs/{id}/rerun</c>).</summary>
    public const string Rerun = "rerun";

    /// <summary>One occurrence of a schedule in a past range (<c>pit backfill</c>, <c>dag backfill</c>).</summary>
    public const string Backfill = "backfill";
}
