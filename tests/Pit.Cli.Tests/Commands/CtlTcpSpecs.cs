using System.Globalization;
using Pit.Cli.Tests.Support;
using Pit.Tests.Support;

namespace Pit.Cli.Tests.Commands;

/// <summary>
/// The control channel on TCP (<c>control_port</c>): only with the <c>control_token</c> secret,
/// loopback unless <c>control_bind</c> says otherwise, and nothing answered before the token.
/// </summary>
public sealed class CtlTcpSpecs : IDisposable
{
    private const string Token = "ctl-token-5f1e9a0b7c3d";

    private readonly int _port = FreePorts.Next();
    private readonly TempWorkspace _workspace;

    public CtlTcpSpecs()
    {
        _workspace = TempWorkspace.ForRuns($"secrets_dir = \"secrets.toml\"\ncontrol_port = {_port}");
        _workspace.OneTaskDag("feed", "echo fed\n");
    }

    public void Dispose() => _workspace.Dispose();

    private void Secrets(string? token) =>
        _workspace.Write("secrets.toml", token is null ? "[global]\nother = \"x\"\n" : $"[global]\ncontrol_token = \"{token}\"\n");

    private string Address => "127.0.0.1:" + _port.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public void With_the_token_a_tcp_client_is_answered_and_pit_ctl_reads_the_token_from_the_secrets_file()
    {
        Secrets(Token);
        using var pit = new ServedPit(_workspace);
        Assert.Contains($"and tcp 127.0.0.1:{_port}", pit.Process.StdoutSoFar);
        using (var socket = ControlSocket.Tcp(_port))
        {
            socket.Send($$"""{"auth":"{{Token}}"}""");
            Assert.Equal("ok", socket.Read()!["auth"]!.GetValue<string>());
            socket.Send("""{"id":1,"cmd":"system uptime"}""");
            Assert.True(socket.Read()!["result"]!["uptime_seconds"]!.GetValue<double>() > 0);
        }
        var ctl = _workspace.Pit("ctl", "--address", Address, "system", "uptime");
        Assert.True(ctl.ExitCode == 0, ctl.ToString());
        Assert.Contains("uptime:", ctl.Stdout);
        Assert.DoesNotContain(Token, pit.Process.StdoutSoFar + pit.Process.StderrSoFar + ctl.Stdout + ctl.Stderr);
    }

    [Fact]
    public void Without_the_token_nothing_is_answered_and_the_connection_closes()
    {
        Secrets(Token);
        using var pit = new ServedPit(_workspace);
        using (var socket = ControlSocket.Tcp(_port))
        {
            socket.Send("""{"id":1,"cmd":"system uptime"}""");
            var refusal = socket.Read()!;
            Assert.Equal("unauthorized", refusal["error"]!["code"]!.GetValue<string>());
            Assert.Null(refusal["result"]);
            Assert.Null(socket.Read());
        }
        using (var socket = ControlSocket.Tcp(_port))
        {
            socket.Send("""{"auth":"wrong-token"}""");
            Assert.Equal("unauthorized", socket.Read()!["error"]!["code"]!.GetValue<string>());
            Assert.Null(socket.Read());
        }
        // The Unix socket needs no token: its file mode is its guard.
        Assert.Equal(0, _workspace.Pit("ctl", "system", "uptime").ExitCode);
    }

    [Fact]
    public void A_client_with_another_token_is_told_the_service_refused_it()
    {
        Secrets(Token);
        using var pit = new ServedPit(_workspace);
        Secrets("not-the-token");
        var ctl = _workspace.Pit("ctl", "--address", Address, "system", "uptime");
        Assert.Equal(3, ctl.ExitCode);
        Assert.Contains("refused the control token", ctl.Stderr);
        Assert.DoesNotContain("not-the-token", ctl.Stderr);
    }

    [Fact]
    public void A_control_port_without_a_control_token_secret_stops_pit_serve_from_starting()
    {
        Secrets(null);
        var serve = _workspace.Pit("serve", "--port", FreePorts.Next().ToString(CultureInfo.InvariantCulture));
        Assert.Equal(2, serve.ExitCode);
        Assert.Contains("control_port", serve.Stderr);
        Assert.Contains("control_token", serve.Stderr);
        Assert.Contains("[global]", serve.Stderr);
    }
}
