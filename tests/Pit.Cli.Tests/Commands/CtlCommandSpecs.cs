using System.Text.Json;
using System.Text.Json.Nodes;
using Pit.Cli.Tests.Support;
using Pit.Tests.Support;

namespace Pit.Cli.Tests.Commands;

/// <summary>
/// <c>pit ctl</c> against a real <c>pit serve</c>: the host's own palettes (system, cluster, actor,
/// log), help, the errors for what does not exist, and the wire protocol on the Unix socket.
/// </summary>
public sealed class CtlCommandSpecs : IDisposable
{
    private readonly TempWorkspace _workspace = TempWorkspace.ForRuns();

    public CtlCommandSpecs() => _workspace.OneTaskDag("feed", "echo fed\n");

    public void Dispose() => _workspace.Dispose();

    private string SocketPath => _workspace.PathOf(".pit", "control.sock");

    private PitResult Ctl(params string[] words) => _workspace.Pit(["ctl", .. words]);

    private static JsonNode Json(PitResult result)
    {
        Assert.True(result.ExitCode == 0, result.ToString());
        return JsonNode.Parse(result.Stdout)!;
    }

    [Fact]
    public void The_service_says_where_its_control_socket_is_and_only_its_user_may_use_it()
    {
        using var pit = new ServedPit(_workspace);
        Assert.Contains($"pit serve: control channel on {SocketPath}", pit.Process.StdoutSoFar);
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(SocketPath));
        // Nothing else is left in the state folder by binding it.
        Assert.DoesNotContain(Directory.GetDirectories(_workspace.PathOf(".pit")), d => Path.GetFileName(d).StartsWith(".ctl", StringComparison.Ordinal));
    }

    [Fact]
    public void System_commands_answer_version_uptime_and_memory()
    {
        using var pit = new ServedPit(_workspace);
        var uptime = Ctl("system", "uptime");
        Assert.True(uptime.ExitCode == 0, uptime.ToString());
        Assert.Matches(@"uptime: \d+m \d+s", uptime.Stdout);
        Assert.True(Json(Ctl("system", "uptime", "--json"))["uptime_seconds"]!.GetValue<double>() > 0);
        Assert.Contains("pit: 0.1.0", Ctl("system", "version").Stdout);
        var gc = Json(Ctl("--json", "system", "gc"));
        Assert.True(gc["heap_bytes"]!.GetValue<long>() > 0);
        Assert.True(gc["working_set_bytes"]!.GetValue<long>() > gc["heap_bytes"]!.GetValue<long>());
        Assert.False(Json(Ctl("cluster", "show", "--json"))["clustered"]!.GetValue<bool>());
        Assert.Contains("not clustered", Ctl("cluster", "show").Stdout);
    }

    [Fact]
    public void Help_lists_every_palette_with_its_commands_and_their_arguments()
    {
        using var pit = new ServedPit(_workspace);
        var help = Json(Ctl("help", "--json"));
        var palettes = help["palettes"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()).ToList();
        Assert.Subset(palettes.ToHashSet(), new HashSet<string> { "actor", "cluster", "log", "system" });
        var actor = Json(Ctl("help", "actor", "--json"))["palettes"]!.AsArray().Single()!;
        var hierarchy = actor["commands"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == "hierarchy")!;
        Assert.Equal("hierarchy [-d DEPTH] [--system]", hierarchy["usage"]!.GetValue<string>());
        Assert.Contains("depth", hierarchy["options"]!.AsArray().Select(o => o!["name"]!.GetValue<string>()));
    }

    [Fact]
    public void What_does_not_exist_is_an_error_naming_what_does()
    {
        using var pit = new ServedPit(_workspace);
        var palette = Ctl("nope", "x");
        Assert.Equal(1, palette.ExitCode);
        Assert.Contains("unknown palette 'nope'", palette.Stderr);
        Assert.Contains("actor, cluster, dag, log, run, scheduler, system", palette.Stderr);
        var command = Ctl("system", "reboot");
        Assert.Equal(1, command.ExitCode);
        Assert.Contains("unknown command 'system reboot'; system commands: version, uptime, gc", command.Stderr);
        var option = Ctl("actor", "hierarchy", "--deep", "2");
        Assert.Equal(1, option.ExitCode);
        Assert.Contains("unknown option '--deep'", option.Stderr);
        Assert.Contains("--depth", option.Stderr);
        var missing = Ctl("actor", "ls");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("missing <path>", missing.Stderr);
    }

    [Fact]
    public void Without_a_running_service_ctl_exits_3_saying_where_it_looked()
    {
        var result = Ctl("system", "uptime");
        Assert.Equal(3, result.ExitCode);
        Assert.Contains($"no pit serve answers at {SocketPath}", result.Stderr);
        Assert.Contains("pit serve", result.Stderr);
        var tcp = Ctl("--address", "nowhere", "system", "uptime");
        Assert.Equal(2, tcp.ExitCode);
        Assert.Contains("--address takes a socket path", tcp.Stderr);
    }

    [Fact]
    public void Actor_commands_show_the_live_tree_its_children_and_stats()
    {
        using var pit = new ServedPit(_workspace);
        var tree = Json(Ctl("actor", "hierarchy", "--json"))["actors"]!.AsArray().Select(a => a!.GetValue<string>()).ToList();
        Assert.Contains("/user/pit/scheduler", tree);
        Assert.Contains("/user/pit/runs", tree);
        Assert.Contains("/user/control", tree);
        Assert.DoesNotContain(tree, a => a.StartsWith("/system", StringComparison.Ordinal));
        var shallow = Json(Ctl("actor", "hierarchy", "-d", "1", "--json"))["actors"]!.AsArray().Select(a => a!.GetValue<string>()).ToList();
        Assert.Contains("/user/pit", shallow);
        Assert.DoesNotContain("/user/pit/scheduler", shallow);
        Assert.Contains("/system", Ctl("actor", "hierarchy", "--system", "-d", "1").Stdout);
        Assert.Contains("  pit\n", Ctl("actor", "hierarchy", "-d", "1").Stdout);

        var children = Json(Ctl("actor", "ls", "/user/pit", "--json")).AsArray().Select(c => c!["name"]!.GetValue<string>()).ToList();
        Assert.Equal(["catalog", "notifier", "projections", "runs", "scheduler", "secrets", "slots"], children);
        var stats = Json(Ctl("actor", "stats", "pit", "--json"));
        Assert.Equal("/user/pit", stats["path"]!.GetValue<string>());
        Assert.Equal(children.Count, stats["children"]!.GetValue<int>());
        Assert.True(stats["mailbox"]!.GetValue<int>() >= 0);

        var unknown = Ctl("actor", "stats", "/user/nobody");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("no actor at /user/nobody", unknown.Stderr);
    }

    [Fact]
    public void Log_level_changes_what_the_log_keeps_peek_shows_it_and_tail_streams_it_until_interrupted()
    {
        using var pit = new ServedPit(_workspace);
        Assert.Contains("level: warning", Ctl("log", "level").Stdout);
        var bad = Ctl("log", "level", "loud");
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("unknown level 'loud'; levels: debug, info, warning, error", bad.Stderr);
        Assert.Contains("level: info", Ctl("log", "level", "info").Stdout);

        using var tail = _workspace.StartPit("ctl", "log", "tail");
        // The tail is subscribed once its connection shows in the service: poll by logging until a line arrives.
        Poll.Until(() =>
        {
            pit.Post("/api/reload");
            return tail.StdoutSoFar.Contains("Catalog: reloaded", StringComparison.Ordinal);
        }, "log tail to show the reload");
        var peek = Json(Ctl("log", "peek", "-n", "50", "--json")).AsArray();
        Assert.InRange(peek.Count, 1, 50);
        Assert.Contains(peek, e => e!["message"]!.GetValue<string>().StartsWith("Catalog: reloaded (", StringComparison.Ordinal) && e["level"]!.GetValue<string>() == "info");
        Assert.Single(Json(Ctl("log", "peek", "-n", "1", "--json")).AsArray());

        tail.Interrupt();
        Assert.Equal(130, tail.WaitForExit().ExitCode);
    }

    [Fact]
    public void A_bad_line_gets_an_error_and_the_connection_goes_on_answering_while_a_stream_runs_beside_it()
    {
        using var pit = new ServedPit(_workspace);
        using var socket = ControlSocket.Unix(SocketPath);
        socket.Send("""{"id":1,"cmd":"log tail"}""");
        // The tail may stream log lines (a warning about the bad line, say) between the replies: ReadReply passes them.
        socket.Send("this is not json");
        var bad = socket.ReadReply()!;
        Assert.Equal("bad_request", bad["error"]!["code"]!.GetValue<string>());
        socket.Send("""{"id":2,"cmd":"system nope"}""");
        Assert.Equal("unknown_command", socket.ReadReply()!["error"]!["code"]!.GetValue<string>());
        socket.Send("""{"id":3,"cmd":"system uptime"}""");
        var uptime = socket.ReadReply()!;
        Assert.Equal(3, uptime["id"]!.GetValue<int>());
        Assert.True(uptime["result"]!["uptime_seconds"]!.GetValue<double>() > 0);
        // The stream is still open; cancelling it ends it, and only it.
        socket.Send("""{"id":1,"cancel":true}""");
        var done = socket.ReadReply()!;
        Assert.Equal((1, true, true), (done["id"]!.GetValue<int>(), done["done"]!.GetValue<bool>(), done["cancelled"]!.GetValue<bool>()));
        socket.Send("""{"id":"four","cmd":"help","args":{"argv":["system"]}}""");
        var help = socket.ReadReply()!;
        Assert.Equal("four", help["id"]!.GetValue<string>());
        Assert.Equal("system", help["result"]!["palettes"]![0]!["name"]!.GetValue<string>());
    }

    [Fact]
    public void A_client_that_goes_away_mid_stream_frees_its_stream_and_connection()
    {
        using var pit = new ServedPit(_workspace);
        using var checker = ControlSocket.Unix(SocketPath);
        JsonNode Uptime()
        {
            checker.Send("""{"id":1,"cmd":"system uptime"}""");
            return checker.Read()!["result"]!;
        }
        // The checker alone: one connection, its own command running.
        Assert.Equal((1, 1), (Uptime()["control_connections"]!.GetValue<int>(), Uptime()["control_commands"]!.GetValue<int>()));
        var tailing = ControlSocket.Unix(SocketPath);
        tailing.Send("""{"id":1,"cmd":"log tail"}""");
        Poll.Until(() => Uptime()["control_commands"]!.GetValue<int>() == 2, "the tail to run");
        Assert.Equal(2, Uptime()["control_connections"]!.GetValue<int>());

        tailing.Dispose();
        Poll.Until(() => Uptime() is var up && up["control_connections"]!.GetValue<int>() == 1 && up["control_commands"]!.GetValue<int>() == 1,
            "the vanished client's stream and connection to be freed");
    }

    [Fact]
    public void A_second_service_on_the_workspace_is_refused_and_a_stale_socket_is_replaced()
    {
        // A socket file nobody listens on, as a killed service leaves it.
        Directory.CreateDirectory(_workspace.PathOf(".pit"));
        using (var stale = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified))
            stale.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(SocketPath));
        using var pit = new ServedPit(_workspace);
        Assert.Equal(0, Ctl("system", "uptime").ExitCode);

        var second = _workspace.Pit("serve", "--port", FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(1, second.ExitCode);
        Assert.Contains($"another pit serve answers on {SocketPath}", second.Stderr);
        // The first one still answers.
        Assert.Equal(0, Ctl("system", "uptime").ExitCode);
    }
}
