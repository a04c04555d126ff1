using System.Net;
using System.Net.Sockets;

namespace Pit.Server.Control;

/// <summary>Where a control client connects: a Unix socket path, or <c>host:port</c> on TCP (which needs the token).</summary>
public sealed record ControlAddress(string? SocketPath, DnsEndPoint? Tcp)
{
    /// <summary>A path (anything with a <c>/</c>, or ending in <c>.sock</c>) or <c>host:port</c>; null when it is neither.</summary>
    public static ControlAddress? Parse(string text)
    {
        if (text.Contains('/') || text.EndsWith(".sock", StringComparison.Ordinal)) return new ControlAddress(Path.GetFullPath(text), null);
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text[(colon + 1)..], out var port) || port is < 1 or > 65535) return null;
        var host = text[..colon].Trim('[', ']');
        return new ControlAddress(null, new DnsEndPoint(host, port));
    }

    /// <summary>The Unix socket of the workspace at <paramref name="workspaceRoot"/>.</summary>
    public static ControlAddress Of(string workspaceRoot) => new(ControlOptions.SocketOf(workspaceRoot), null);

    public bool NeedsToken => Tcp is not null;

    public override string ToString() => SocketPath ?? $"{Tcp!.Host}:{Tcp.Port}";

    internal async Task<Socket> ConnectAsync(CancellationToken cancel)
    {
        if (SocketPath is { } path)
        {
            var unix = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await unix.ConnectAsync(new UnixDomainSocketEndPoint(path), cancel);
                return unix;
            }
            catch
            {
                unix.Dispose();
                throw;
            }
        }
        var tcp = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await tcp.ConnectAsync(Tcp!, cancel);
            return tcp;
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
    }
}
