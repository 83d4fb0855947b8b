using System.Net;
using System.Net.Sockets;

namespace SupplyGate.Tests.Shared;

/// <summary>
/// A loopback port nobody listens on right now (the kernel's choice). Another process may take it before the
/// caller binds, so servers that bind an HttpListener retry on a clash.
/// </summary>
public static class FreePort
{
    public static int Take()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
