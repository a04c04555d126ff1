using System.Net;
using System.Net.Sockets;

namespace Pit.Tests.Support;

/// <summary>
/// TCP ports for test servers on 127.0.0.1. A port is picked below the kernel's ephemeral range
/// (<c>ip_local_port_range</c>, 32768–60999 by default), so the outgoing connections of tests running
/// beside it cannot take it between the pick and the server's bind, and is checked free by binding it.
/// Shared by the Connectors tests and the end-to-end tests (linked file).
/// </summary>
public static class FreePorts
{
    private const int Lowest = 20000;
    private const int Highest = 32767;

    /// <summary>A TCP port on 127.0.0.1 that nothing listens on right now.</summary>
    public static int Next()
    {
        for (var tries = 1; ; tries++)
        {
            var port = Random.Shared.Next(Lowest, Highest + 1);
            var listener = new TcpListener(IPAddress.Loopback, port);
            try
            {
                listener.Start();
                return port;
            }
            catch (SocketException) when (tries < 100)
            {
                // Taken: pick another.
            }
            finally
            {
                listener.Stop();
            }
        }
    }
}
