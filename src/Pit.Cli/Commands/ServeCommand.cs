using System.CommandLine;
using System.Runtime.InteropServices;
using Pit.Cli.Output;
using Pit.Server.Hosting;

namespace Pit.Cli.Commands;

/// <summary>
/// <c>pit serve [--port 9090] [--bind 127.0.0.1]</c>: the long-lived service. Cron schedules fire
/// and the HTTP API listens until SIGTERM or SIGINT; then no new run starts, active runs get
/// <c>shutdown_timeout</c> to finish, the rest are cancelled, and it exits 0. A second signal
/// cancels the active runs at once. Without an <c>api_token</c> it listens on loopback only.
/// </summary>
public static class ServeCommand
{
    public const string Name = "serve";

    private static readonly Option<int> Port = new("--port")
    {
        Description = $"TCP port of the HTTP API (default {ServeOptions.DefaultPort})",
        DefaultValueFactory = _ => ServeOptions.DefaultPort,
    };

    private static readonly Option<string> Bind = new("--bind")
    {
        Description = $"IP address the HTTP API listens on (default {ServeOptions.DefaultBind}); another than loopback needs api_token in pit_config.toml",
        DefaultValueFactory = _ => ServeOptions.DefaultBind,
    };

    public static Command Build(CliConsole console)
    {
        var command = new Command(Name, "Run the scheduler service: cron schedules fire, and the HTTP API triggers and watches runs");
        command.Options.Add(Port);
        command.Options.Add(Bind);
        command.SetAction((parsed, _) => ExecuteAsync(parsed, console));
        return command;
    }

    private static async Task<int> ExecuteAsync(ParseResult parsed, CliConsole console)
    {
        // Signals first, so that one arriving while the engine starts still stops it gracefully.
        using var stop = new CancellationTokenSource();
        using var stopNow = new CancellationTokenSource();
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            if (stop.IsCancellationRequested) stopNow.Cancel();
            else stop.Cancel();
        }
        using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);

        var port = parsed.GetValue(Port);
        if (port is < 0 or > 65535)
        {
            console.Error($"error: --port must be from 0 to 65535, got {port}");
            return ExitCodes.Usage;
        }
        var bindText = parsed.GetValue(Bind)!;
        if (ServeOptions.ParseBind(bindText) is not { } bind)
        {
            console.Error($"error: --bind takes an IP address (e.g. 127.0.0.1, 0.0.0.0, ::1) or localhost, got '{bindText}'");
            return ExitCodes.Usage;
        }

        var workspace = WorkspaceOption.Load(parsed, console);
        if (workspace is null) return ExitCodes.Failure;
        if (workspace.ConfigErrors.Count > 0)
        {
            // The API's protection comes from pit_config.toml: never serve on a half-read one.
            foreach (var error in workspace.ConfigErrors) console.Error($"error: {error.Format(DisplayPath.Of(error.File))}");
            console.Error("error: pit_config.toml is not valid; pit serve did not start (run `pit validate`)");
            return ExitCodes.Failure;
        }
        if (SecretsCommand.Open(parsed, workspace, console) is not { } secrets) return ExitCodes.Failure;

        var options = new ServeOptions(workspace, secrets, bind, port);
        if (options.Refusal() is { } refusal)
        {
            console.Error($"error: {refusal}");
            return ExitCodes.Usage;
        }
        foreach (var invalid in workspace.Projects.Where(p => !p.IsValid))
            console.Error($"warning: {invalid.Folder} is not valid and will not run (run `pit validate`)");

        try
        {
            await ServeHost.RunAsync(options, console.Out, stop.Token, stopNow.Token);
            return ExitCodes.Success;
        }
        catch (ServeStartException ex)
        {
            console.Error($"error: {ex.Message}");
            return ExitCodes.Failure;
        }
    }
}
