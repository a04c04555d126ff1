using System.Net;

namespace Pit.Server.Control;

/// <summary>Where the control channel listens: always the Unix socket; on TCP only with a port and a token.</summary>
/// <param name="SocketPath">The Unix socket, <c>&lt;workspace&gt;/.pit/control.sock</c> (<see cref="SocketOf"/>).</param>
/// <param name="TcpPort">From <c>control_port</c>; null for no TCP listener.</param>
/// <param name="TcpBind">From <c>control_bind</c>; loopback unless it says otherwise.</param>
/// <param name="Token">The <c>control_token</c> secret, which every TCP connection must send first.</param>
public sealed record ControlOptions(string SocketPath, int? TcpPort = null, IPAddress? TcpBindAddress = null, string? Token = null)
{
    public const string SocketName = "control.sock";

    /// <summary>The secret (global scope of the secrets file) that guards the TCP port.</summary>
    public const string TokenSecret = "control_token";

    public IPAddress TcpBind => TcpBindAddress ?? IPAddress.Loopback;

    /// <summary>The control socket of the workspace at <paramref name="workspaceRoot"/>.</summary>
    public static string SocketOf(string workspaceRoot) => Path.Combine(workspaceRoot, ".pit", SocketName);
}
