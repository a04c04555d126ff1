namespace Pit.Cli;

/// <summary>The exit codes every <c>pit</c> command keeps to.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>Invalid configuration, a failed run, a refused request.</summary>
    public const int Failure = 1;

    /// <summary>The command line itself is wrong (unknown option, bad argument).</summary>
    public const int Usage = 2;

    /// <summary>No <c>pit serve</c> answers on the control channel (<c>pit ctl</c>, <c>pit trigger</c>, <c>pit cancel</c>, <c>pit top</c>).</summary>
    public const int NoService = 3;
}
