using System.Net;
using Pit.Core.Secrets;
using Pit.Core.Workspace;

namespace Pit.Server.Hosting;

/// <summary>What <c>pit serve</c> serves (a workspace and its secrets) and where it listens.</summary>
public sealed record ServeOptions(Workspace Workspace, SecretsFile Secrets, IPAddress Bind, int Port)
{
    public const int DefaultPort = 9090;

    public const string DefaultBind = "127.0.0.1";

    /// <summary>True for 127.0.0.0/8 and ::1 (also written as an IPv4-mapped IPv6 address).</summary>
    public bool IsLoopback => IPAddress.IsLoopback(Bind.IsIPv4MappedToIPv6 ? Bind.MapToIPv4() : Bind);

    /// <summary>
    /// Why <c>pit serve</c> must not start with these options, or null. Without an <c>api_token</c>
    /// anyone who reaches the port could trigger and cancel runs, so only this machine may.
    /// </summary>
    public string? Refusal()
    {
        if (Workspace.Config.ControlPort is { } controlPort && ControlToken() is null)
            return $"control_port = {controlPort} opens the control channel on TCP, which needs a token: " +
                   $"add {Server.Control.ControlOptions.TokenSecret} = \"<a long random string>\" under [{SecretsFile.GlobalScope}] in the secrets file " +
                   $"({(Secrets.Exists ? Secrets.Path : "none is configured: --secrets or secrets_dir")}), or remove control_port";
        if (IsLoopback || Workspace.Config.ApiToken is not null) return null;
        return $"--bind {Bind} would open the API to other machines, and pit_config.toml sets no api_token, " +
               $"so anyone who can reach port {Port} could trigger and cancel runs. " +
               $"Set api_token in {Path.Combine(Workspace.Root, WorkspaceConfigReader.FileName)} (a long random string; " +
               "clients then send 'Authorization: Bearer <api_token>'), or leave --bind at 127.0.0.1.";
    }

    /// <summary>The control channel: the workspace's Unix socket, and the TCP port when <c>control_port</c> is set.</summary>
    public Server.Control.ControlOptions Control() => new(
        Server.Control.ControlOptions.SocketOf(Workspace.Root),
        Workspace.Config.ControlPort,
        Workspace.Config.ControlBind is { } bind ? ParseBind(bind) : null,
        ControlToken());

    /// <summary>The <c>control_token</c> secret of the secrets file's global scope, or null.</summary>
    private string? ControlToken() =>
        Secrets.In(SecretsFile.GlobalScope).FirstOrDefault(s => s.Key == Server.Control.ControlOptions.TokenSecret) is Secret.Plain { Value.Length: > 0 } token
            ? token.Value
            : null;

    /// <summary>An IP address, or <c>localhost</c> for 127.0.0.1; null for anything else.</summary>
    public static IPAddress? ParseBind(string text)
    {
        if (string.Equals(text, "localhost", StringComparison.OrdinalIgnoreCase)) return IPAddress.Loopback;
        return IPAddress.TryParse(text, out var address) ? address : null;
    }
}
