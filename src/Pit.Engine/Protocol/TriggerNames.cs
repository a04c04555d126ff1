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
}
