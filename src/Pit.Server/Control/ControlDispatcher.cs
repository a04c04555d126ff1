using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Pit.Engine.Control;

namespace Pit.Server.Control;

/// <summary>
/// Answers one request: finds its palette and command (or a builtin, <see cref="ControlHelp"/>),
/// checks its arguments, runs it and writes its replies. Whatever goes wrong becomes an error reply
/// for that request alone; the connection and its other commands carry on.
/// </summary>
public sealed class ControlDispatcher(ControlPalettes palettes, ILogger log)
{
    /// <param name="write">Writes one reply line; waits while the client is slow.</param>
    public async Task AnswerAsync(ControlProtocol.Request request, Func<string, CancellationToken, ValueTask> write, CancellationToken cancel)
    {
        var id = request.Id;
        try
        {
            var words = request.Cmd!.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (words.Length == 0) throw new ControlException("bad_request", "empty \"cmd\"; try \"help\"");
            if (words[0] == ControlHelp.Help && words.Length == 1)
            {
                await write(ControlProtocol.Result(id, ControlHelp.Describe(palettes, Word(request.Args, "palette"))), cancel);
                return;
            }
            if (words[0] == ControlHelp.Complete && words.Length == 1)
            {
                var kind = Word(request.Args, "kind") ?? throw ControlException.BadArgs("complete: missing <kind>");
                var values = await palettes.ValuesAsync(kind, cancel);
                await write(ControlProtocol.Result(id, new JsonArray(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray())), cancel);
                return;
            }
            var palette = palettes.Find(words[0]) ?? throw ControlHelp.UnknownPalette(palettes, words[0]);
            if (words.Length == 1)
                throw new ControlException("unknown_command", $"'{palette.Name}' needs a command: {string.Join(", ", palette.Commands.Select(c => c.Name))}",
                    palette.Commands.Select(c => c.Name).ToList());
            var command = palette.Find(words[1]) ?? throw ControlHelp.UnknownCommand(palette, words[1]);
            var args = ControlArgs.Parse(palette.Name, command, request.Args);
            var call = new ControlCall(args, (data, token) => write(ControlProtocol.Data(id, data), token), cancel);
            var result = await command.Handler(call);
            await write(command.Streams ? ControlProtocol.Done(id) : ControlProtocol.Result(id, result), cancel);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            // Cancelled by the client ({"cancel":true}), or the client went away.
            await TryWrite(write, ControlProtocol.Done(id, cancelled: true));
        }
        catch (ControlException ex)
        {
            await TryWrite(write, ControlProtocol.Error(id, ex.Code, ex.Message, ex.Known));
        }
        catch (Exception ex)
        {
            log.LogError(ex, "control command {Command} failed", request.Cmd);
            await TryWrite(write, ControlProtocol.Error(id, "internal", $"{request.Cmd} failed: {ex.Message}"));
        }
    }

    /// <summary>A positional word of a builtin: <c>{"argv":["x"]}</c> or <c>{"name":"x"}</c>.</summary>
    private static string? Word(JsonNode? args, string name) => args switch
    {
        JsonObject { } o when o["argv"] is JsonArray { Count: > 0 } argv => argv[0]?.GetValue<string>(),
        JsonObject { } o when o[name] is JsonValue value => value.GetValue<string>(),
        _ => null,
    };

    private static async ValueTask TryWrite(Func<string, CancellationToken, ValueTask> write, string line)
    {
        try
        {
            await write(line, CancellationToken.None);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            // The client is gone: nobody to tell.
        }
    }
}
