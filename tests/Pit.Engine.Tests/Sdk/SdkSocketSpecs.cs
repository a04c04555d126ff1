using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Akka.Streams;
using Akka.TestKit.Xunit2;
using Pit.Core.Secrets;
using Pit.Core.Validation;
using Pit.Engine.Sdk;
using Pit.Engine.Streams;

namespace Pit.Engine.Tests.Sdk;

/// <summary>The SDK socket over a real Unix domain socket, as a task's SDK reaches it.</summary>
public sealed class SdkSocketSpecs : TestKit
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly List<(string Task, string Key, bool Found)> _audit = [];
    private readonly Redactor _redactor = new();
    private readonly MemoryContext _context = new();
    private readonly SdkTokens _tokens = new();
    private readonly SdkSocketServer _server;
    private readonly string _token;

    public SdkSocketSpecs()
    {
        var errors = new ConfigErrorList();
        var secrets = SecretsFileReader.Parse("/secrets.toml", """
            [global]
            smtp_password = "global-smtp-pass"
            [global.ftp_creds]
            host = "ftp.example.test"
            port = 21
            [claims]
            claims_db = "postgres://claims-db"
            [billing]
            billing_db = "postgres://billing-db"
            """, errors)!;
        var methods = new SdkMethods(new FileSecretSource(secrets, (caller, key, found) =>
        {
            lock (_audit) _audit.Add((caller.Task, key, found));
        }), _redactor, _context);
        _server = SdkSocketServer.Start(new SdkProtocol(_tokens, methods), Sys.Materializer());
        _token = _tokens.Issue(new SdkCaller("20261125_100000.000_claims", "claims", "extract", 1));
    }

    protected override void Dispose(bool disposing)
    {
        _server.Dispose();
        base.Dispose(disposing);
    }

    private sealed class Client : IDisposable
    {
        private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        private readonly StreamReader _reader;
        private readonly NetworkStream _stream;

        public Client(string path)
        {
            _socket.Connect(new UnixDomainSocketEndPoint(path));
            _stream = new NetworkStream(_socket);
            _reader = new StreamReader(_stream, Encoding.UTF8);
        }

        public async Task SendAsync(string line) => await _stream.WriteAsync(Encoding.UTF8.GetBytes(line + "\n"));

        public async Task<JsonObject?> ReceiveAsync() =>
            await _reader.ReadLineAsync().WaitAsync(Patience) is { } line ? (JsonObject)JsonNode.Parse(line)! : null;

        public async Task<JsonObject> CallAsync(int id, string method, string token, JsonObject? parameters = null)
        {
            await SendAsync(new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? [], ["token"] = token }.ToJsonString());
            return (await ReceiveAsync())!;
        }

        public void Dispose()
        {
            _reader.Dispose();
            _socket.Dispose();
        }
    }

    private Client Connect() => new(_server.Path);

    /// <summary>The run's side of the context, in memory (the DagRun's is covered by the end-to-end run).</summary>
    private sealed class MemoryContext : IRunContext
    {
        public readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> Values = new();

        public bool TryGet(string key, out string json) => Values.TryGetValue(key, out json!);

        public Task SetAsync(SdkCaller caller, string key, string json)
        {
            Values[key] = json;
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task Context_values_are_any_json_and_exit_code_keys_belong_to_pit()
    {
        using var client = Connect();

        var set = await client.CallAsync(1, "set_context", _token, new JsonObject { ["key"] = "rows", ["value"] = new JsonObject { ["count"] = 42 } });
        var got = await client.CallAsync(2, "get_context", _token, new JsonObject { ["key"] = "rows" });
        var missing = await client.CallAsync(3, "get_context", _token, new JsonObject { ["key"] = "nothing" });
        var reserved = await client.CallAsync(4, "set_context", _token, new JsonObject { ["key"] = "extract.exit_code", ["value"] = 0 });

        Assert.True((bool)set["result"]!);
        Assert.Equal(42, (int)got["result"]!["count"]!);
        Assert.Equal("""{"count":42}""", _context.Values["rows"]);
        Assert.Equal("not_found", (string?)missing["error"]!["code"]);
        Assert.Equal("bad_request", (string?)reserved["error"]!["code"]);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void The_socket_sits_alone_in_a_private_folder_on_a_short_path()
    {
        Assert.True(_server.Path.Length < 108, _server.Path);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(_server.Path)!));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_server.Path));
    }

    [Fact]
    public async Task Many_requests_on_one_connection_get_their_answers_in_order()
    {
        using var client = Connect();

        Assert.Equal("pong", (string?)(await client.CallAsync(1, "ping", _token))["result"]);
        Assert.Equal("postgres://claims-db", (string?)(await client.CallAsync(2, "get_secret", _token, new JsonObject { ["key"] = "claims_db" }))["result"]);
        var ftp = (await client.CallAsync(3, "get_secret", _token, new JsonObject { ["key"] = "ftp_creds" }))["result"]!.AsObject();
        Assert.Equal(("ftp.example.test", 21), ((string?)ftp["host"], (int)ftp["port"]!));
        var field = await client.CallAsync(4, "get_secret_field", _token, new JsonObject { ["key"] = "ftp_creds", ["field"] = "host" });
        Assert.Equal((4, "ftp.example.test"), ((int)field["id"]!, (string?)field["result"]));
    }

    [Fact]
    public async Task Another_projects_secret_is_not_found_and_every_lookup_is_audited_without_values()
    {
        using var client = Connect();

        var reply = await client.CallAsync(1, "get_secret", _token, new JsonObject { ["key"] = "billing_db" });
        await client.CallAsync(2, "get_secret", _token, new JsonObject { ["key"] = "smtp_password" });

        var error = reply["error"]!.AsObject();
        Assert.Equal("not_found", (string?)error["code"]);
        Assert.Equal("secret 'billing_db' not found for project 'claims': searched [claims] and [global] in /secrets.toml", (string?)error["message"]);
        Assert.DoesNotContain("billing-db", reply.ToJsonString());
        Assert.Equal([("extract", "billing_db", false), ("extract", "smtp_password", true)], _audit);
        Assert.Equal("pass: ***", _redactor.Redact("pass: global-smtp-pass"));
    }

    [Fact]
    public async Task Bad_requests_get_error_replies_and_the_connection_goes_on()
    {
        using var client = Connect();

        await client.SendAsync("{not json");
        Assert.Equal("parse_error", (string?)(await client.ReceiveAsync())!["error"]!["code"]);
        Assert.Equal("unknown_method", (string?)(await client.CallAsync(2, "launch_rockets", _token))["error"]!["code"]);
        Assert.Equal("not_available", (string?)(await client.CallAsync(3, "ftp_list", _token))["error"]!["code"]);
        Assert.Equal("bad_request", (string?)(await client.CallAsync(4, "get_secret", _token))["error"]!["code"]);
        Assert.Equal("pong", (string?)(await client.CallAsync(5, "ping", _token))["result"]);
    }

    [Fact]
    public async Task A_missing_or_foreign_token_is_refused_and_ends_only_that_connection()
    {
        var otherRun = new SdkTokens().Issue(new SdkCaller("20261125_090000.000_claims", "claims", "extract", 1));
        using var bystander = Connect();
        using var stale = Connect();
        using var anonymous = Connect();

        var refused = await stale.CallAsync(1, "ping", otherRun);
        await anonymous.SendAsync("""{"id": 7, "method": "ping"}""");
        var noToken = await anonymous.ReceiveAsync();

        Assert.Equal(("unauthorized", 1), ((string?)refused["error"]!["code"], (int)refused["id"]!));
        Assert.Equal("unauthorized", (string?)noToken!["error"]!["code"]);
        Assert.Null(await stale.ReceiveAsync());
        Assert.Null(await anonymous.ReceiveAsync());
        Assert.Equal("pong", (string?)(await bystander.CallAsync(1, "ping", _token))["result"]);
    }

    [Fact]
    public async Task A_line_over_one_mebibyte_is_refused_and_closes_its_connection()
    {
        using var bystander = Connect();
        using var client = Connect();

        await client.SendAsync(new string('x', SdkProtocol.MaxLineBytes + 10));

        Assert.Equal("line_too_long", (string?)(await client.ReceiveAsync())!["error"]!["code"]);
        Assert.Null(await client.ReceiveAsync());
        Assert.Equal("pong", (string?)(await bystander.CallAsync(1, "ping", _token))["result"]);
    }

    [Fact]
    public async Task Concurrent_clients_and_one_that_hangs_up_mid_request_do_not_disturb_each_other()
    {
        using (var quitter = Connect())
            await quitter.SendAsync("""{"id": 1, "method": "ping", "tok""");

        var answers = await Task.WhenAll(Enumerable.Range(0, 16).Select(async i =>
        {
            using var client = Connect();
            var replies = new List<string?>();
            for (var n = 0; n < 20; n++) replies.Add((string?)(await client.CallAsync(n, "ping", _token))["result"]);
            return replies;
        }));

        Assert.All(answers, replies => Assert.Equal(Enumerable.Repeat("pong", 20), replies));
    }
}
