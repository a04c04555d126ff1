using System.CommandLine;
using Pit.Cli.Commands;
using Pit.Core.Secrets;
using Pit.Server.Control;

namespace Pit.Cli.Control;

/// <summary>
/// How the CLI reaches a running <c>pit serve</c>: <c>--address</c> (a socket path or
/// <c>host:port</c>), else the workspace's <c>.pit/control.sock</c>. A TCP address takes the
/// <c>control_token</c> secret from the workspace's secrets file.
/// </summary>
public static class ControlConnection
{
    public static readonly Option<string?> Address = new("--address")
    {
        Description = "The service's control channel: a Unix socket path or host:port (default: <workspace>/.pit/control.sock)",
    };

    /// <summary>
    /// A client of the <c>pit serve</c> that answers on the workspace's control socket, or null when
    /// none does (the command then works in-process, as <c>pit run</c> does).
    /// </summary>
    public static async Task<ControlClient?> TryWorkspaceServiceAsync(string workspaceRoot, CancellationToken cancel)
    {
        try
        {
            return await ControlClient.ConnectAsync(ControlAddress.Of(workspaceRoot), null, cancel);
        }
        catch (ControlUnreachableException)
        {
            return null;
        }
    }

    /// <summary>A connected client, or null after printing why not (<paramref name="exitCode"/> says how to exit).</summary>
    public static async Task<(ControlClient? Client, int ExitCode)> OpenAsync(ParseResult parsed, CliConsole console, string? addressText, CancellationToken cancel)
    {
        ControlAddress? address;
        string? token = null;
        if (addressText is not null)
        {
            address = ControlAddress.Parse(addressText);
            if (address is null)
            {
                console.Error($"error: --address takes a socket path (e.g. ./.pit/control.sock) or host:port (e.g. 127.0.0.1:9091), got '{addressText}'");
                return (null, ExitCodes.Usage);
            }
        }
        else
        {
            if (WorkspaceOption.Root(parsed, console) is not { } root) return (null, ExitCodes.NoService);
            address = ControlAddress.Of(root);
        }
        if (address.NeedsToken)
        {
            if (WorkspaceOption.Load(parsed, console) is not { } workspace) return (null, ExitCodes.Failure);
            if (SecretsCommand.Open(parsed, workspace, console) is not { } secrets) return (null, ExitCodes.Failure);
            token = secrets.In(SecretsFile.GlobalScope).FirstOrDefault(s => s.Key == ControlOptions.TokenSecret) is Secret.Plain plain ? plain.Value : null;
            if (token is null)
            {
                console.Error($"error: {address} is a TCP control address, which needs the {ControlOptions.TokenSecret} secret under [{SecretsFile.GlobalScope}] in {(secrets.Exists ? secrets.Path : "the secrets file (none is configured)")}");
                return (null, ExitCodes.Failure);
            }
        }
        try
        {
            return (await ControlClient.ConnectAsync(address, token, cancel), ExitCodes.Success);
        }
        catch (ControlUnreachableException ex)
        {
            console.Error($"error: {ex.Message} (is pit serve running{(address.SocketPath is not null ? " in this workspace" : "")}? start it with `pit serve`, or point --address at it)");
            return (null, ExitCodes.NoService);
        }
    }

    /// <summary>True for what a command on the channel fails with: an error reply, or no service (any longer).</summary>
    public static bool IsFailure(Exception failure) => failure is ControlErrorException or ControlUnreachableException;

    /// <summary>Says why a command on the channel failed (<see cref="IsFailure"/>) and gives the exit code: 1 for an error reply, 3 for no service.</summary>
    public static int Failed(CliConsole console, Exception failure)
    {
        console.Error($"error: {failure.Message}");
        return failure is ControlUnreachableException ? ExitCodes.NoService : ExitCodes.Failure;
    }
}
