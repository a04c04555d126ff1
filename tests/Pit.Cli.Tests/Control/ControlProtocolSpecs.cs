using System.Text.Json.Nodes;
using Pit.Server.Control;

namespace Pit.Cli.Tests.Control;

public sealed class ControlProtocolSpecs
{
    [Fact]
    public void A_command_request_keeps_its_id_command_and_args()
    {
        var request = ControlProtocol.Parse("""{"id":7,"cmd":" run show ","args":{"argv":["x"]}}""");
        Assert.Equal(7, request.Id!.GetValue<int>());
        Assert.Equal("run show", request.Cmd);
        Assert.Equal("x", request.Args!["argv"]![0]!.GetValue<string>());
        Assert.False(request.Cancel);
    }

    [Fact]
    public void Cancel_and_auth_lines_are_told_apart_from_commands()
    {
        Assert.True(ControlProtocol.Parse("""{"id":"a","cancel":true}""").Cancel);
        Assert.Equal("t0k", ControlProtocol.Parse("""{"auth":"t0k"}""").Auth);
    }

    [Theory]
    [InlineData("not json", "not JSON")]
    [InlineData("[1,2]", "a request is a JSON object")]
    [InlineData("""{"id":3}""", "a request needs \"cmd\"")]
    public void A_line_that_is_not_a_request_is_refused_with_why(string line, string why)
    {
        var error = Assert.Throws<ControlProtocol.BadRequest>(() => ControlProtocol.Parse(line));
        Assert.Contains(why, error.Message);
    }

    [Fact]
    public void The_id_of_a_request_without_cmd_is_kept_for_its_error_reply()
    {
        var error = Assert.Throws<ControlProtocol.BadRequest>(() => ControlProtocol.Parse("""{"id":3}"""));
        Assert.Equal(3, error.Id!.GetValue<int>());
    }

    [Fact]
    public void Replies_are_one_line_each_and_carry_the_id()
    {
        var id = JsonValue.Create(4);
        Assert.Equal("{\"id\":4,\"result\":{\"a\":1}}\n", ControlProtocol.Result(id, new JsonObject { ["a"] = 1 }));
        Assert.Equal("{\"id\":4,\"data\":\"x\"}\n", ControlProtocol.Data(id, "x"));
        Assert.Equal("{\"id\":4,\"done\":true}\n", ControlProtocol.Done(id));
        Assert.Equal("{\"id\":4,\"done\":true,\"cancelled\":true}\n", ControlProtocol.Done(id, cancelled: true));
        var error = JsonNode.Parse(ControlProtocol.Error(id, "bad_args", "line1\nline2", ["a", "b"]))!;
        Assert.Equal("bad_args", error["error"]!["code"]!.GetValue<string>());
        Assert.Equal(2, error["error"]!["known"]!.AsArray().Count);
        Assert.DoesNotContain('\n', ControlProtocol.Error(id, "x", "line1\nline2").TrimEnd('\n'));
    }

    [Theory]
    [InlineData("/tmp/w/.pit/control.sock", "/tmp/w/.pit/control.sock", null)]
    [InlineData("127.0.0.1:9091", null, 9091)]
    [InlineData("localhost:80", null, 80)]
    public void An_address_is_a_socket_path_or_host_and_port(string text, string? path, int? port)
    {
        var address = ControlAddress.Parse(text)!;
        Assert.Equal(path, address.SocketPath);
        Assert.Equal(port, address.Tcp?.Port);
        Assert.Equal(port is not null, address.NeedsToken);
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("host:99999")]
    [InlineData("host:port")]
    public void Anything_else_is_not_an_address(string text) => Assert.Null(ControlAddress.Parse(text));
}
