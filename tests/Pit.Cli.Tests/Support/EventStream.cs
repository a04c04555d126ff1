using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Pit.Cli.Tests.Support;

/// <summary>One server-sent event: its type (<c>message</c> unless named), its data (several <c>data:</c> fields joined with <c>\n</c>) and id.</summary>
public sealed record ServerEvent(string Type, string Data, string? Id);

/// <summary>
/// A <c>text/event-stream</c> answer read as a browser's EventSource reads it: fields up to a blank
/// line make an event, <c>:</c> lines are comments. Each read gives up after <see cref="Poll.DefaultLimit"/>.
/// </summary>
public sealed class EventStream : IDisposable
{
    private readonly HttpClient _http;
    private readonly HttpResponseMessage _response;
    private readonly StreamReader? _reader;

    public EventStream(int port, string path, string? lastEventId = null, string? token = null)
    {
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = Timeout.InfiniteTimeSpan };
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is not null) request.Headers.Add("Last-Event-ID", lastEventId);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var deadline = new CancellationTokenSource(Poll.DefaultLimit);
        _response = _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).GetAwaiter().GetResult();
        Status = _response.StatusCode;
        ContentType = _response.Content.Headers.ContentType?.MediaType;
        if (Status == HttpStatusCode.OK) _reader = new StreamReader(_response.Content.ReadAsStream(), Encoding.UTF8);
        else Body = _response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
    }

    public HttpStatusCode Status { get; }

    public string? ContentType { get; }

    /// <summary>The body of an answer other than 200.</summary>
    public string? Body { get; }

    /// <summary>Comments received so far (keep-alives).</summary>
    public int Comments { get; private set; }

    /// <summary>The next event, or null once the server ended the stream.</summary>
    public ServerEvent? Next()
    {
        var reader = _reader ?? throw new InvalidOperationException($"the stream was answered {(int)Status}: {Body}");
        var type = "message";
        string? id = null;
        var data = new List<string>();
        while (true)
        {
            using var deadline = new CancellationTokenSource(Poll.DefaultLimit);
            var line = reader.ReadLineAsync(deadline.Token).AsTask().GetAwaiter().GetResult();
            if (line is null) return null;
            if (line.Length == 0)
            {
                if (data.Count > 0) return new ServerEvent(type, string.Join('\n', data), id);
                continue;
            }
            if (line.StartsWith(':'))
            {
                Comments++;
                continue;
            }
            var colon = line.IndexOf(':');
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? "" : line[(colon + 1)..];
            if (value.StartsWith(' ')) value = value[1..];
            switch (field)
            {
                case "data": data.Add(value); break;
                case "event": type = value; break;
                case "id": id = value; break;
            }
        }
    }

    /// <summary>Events until (and with) the first that <paramref name="last"/> accepts; fails if the stream ends first.</summary>
    public List<ServerEvent> Until(Func<ServerEvent, bool> last)
    {
        var events = new List<ServerEvent>();
        while (true)
        {
            var next = Next() ?? throw new InvalidOperationException($"the stream ended before the awaited event; got: {string.Join(" | ", events)}");
            events.Add(next);
            if (last(next)) return events;
        }
    }

    public void Dispose()
    {
        _reader?.Dispose();
        _response.Dispose();
        _http.Dispose();
    }
}
