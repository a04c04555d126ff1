using System.Net;

namespace Pit.Server.Hosting;

/// <summary>Where people reach <c>pit serve</c>'s API, for the links in notifications.</summary>
public static class ServiceAddress
{
    /// <summary>
    /// <c>http://&lt;bind&gt;:&lt;port&gt;</c>; the machine's host name in place of a wildcard bind
    /// (<c>0.0.0.0</c>, <c>::</c>); null for port 0, whose real port is not known yet.
    /// </summary>
    public static string? Of(IPAddress bind, int port)
    {
        if (port == 0) return null;
        if (bind.Equals(IPAddress.Any) || bind.Equals(IPAddress.IPv6Any)) return $"http://{Dns.GetHostName()}:{port}";
        return $"http://{new IPEndPoint(bind, port)}";
    }
}
