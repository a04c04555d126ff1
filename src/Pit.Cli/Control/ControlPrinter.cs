using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pit.Cli.Output;

namespace Pit.Cli.Control;

/// <summary>
/// Prints control replies for people: a string as it is; an object as <c>key: value</c> lines, with
/// a list of objects as a table; a streamed item on one line; <c>help</c> as a command list. With <c>--json</c>, each reply's
/// payload as one JSON line instead.
/// </summary>
public sealed class ControlPrinter(TextWriter output, bool json)
{
    public void Result(JsonNode? result)
    {
        if (json) output.WriteLine(result?.ToJsonString() ?? "null");
        else Write(result, "");
        output.Flush();
    }

    /// <summary>The reply of <c>help</c>: rendered for people (<see cref="ControlHelpPrinter"/>), raw with <c>--json</c>.</summary>
    public void Help(JsonNode? help)
    {
        if (json || !ControlHelpPrinter.Write(output, help)) Result(help);
        else output.Flush();
    }

    public void Data(JsonNode? data)
    {
        output.WriteLine(json ? data?.ToJsonString() ?? "null" : OneLine(data));
        output.Flush();
    }

    private void Write(JsonNode? node, string indent)
    {
        switch (node)
        {
            case null:
                return;
            case JsonValue value:
                output.WriteLine(indent + Scalar(value));
                return;
            case JsonArray array when array.Count > 0 && array.All(i => i is JsonObject o && o.All(p => p.Value is not JsonObject and not JsonArray)):
                Table(array.Cast<JsonObject>().ToList(), indent);
                return;
            case JsonArray array:
                foreach (var item in array)
                {
                    if (item is JsonObject or JsonArray) Write(item, indent + "  ");
                    else output.WriteLine(indent + (item is JsonValue v ? Scalar(v) : ""));
                }
                return;
            case JsonObject obj when obj["text"] is JsonValue text && text.GetValueKind() == JsonValueKind.String:
                output.Write(indent + text.GetValue<string>().ReplaceLineEndings("\n" + indent));
                if (!text.GetValue<string>().EndsWith('\n')) output.WriteLine();
                return;
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    if (value is JsonObject or JsonArray { Count: > 0 })
                    {
                        output.WriteLine($"{indent}{key}:");
                        Write(value, indent + "  ");
                    }
                    else output.WriteLine($"{indent}{key}: {(value is JsonValue v ? Scalar(v) : value is JsonArray ? "(none)" : "")}");
                }
                return;
        }
    }

    private void Table(List<JsonObject> rows, string indent)
    {
        var columns = rows.SelectMany(r => r.Select(p => p.Key)).Distinct(StringComparer.Ordinal).ToArray();
        var table = new TextTable(columns);
        foreach (var row in rows) table.Add(columns.Select(c => row[c] is JsonValue v ? Scalar(v) : "").ToArray());
        if (indent.Length == 0)
        {
            table.WriteTo(output);
            return;
        }
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        table.WriteTo(text);
        foreach (var line in text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)) output.WriteLine(indent + line);
    }

    /// <summary>A streamed item: a string as it is, <c>{"task","line"}</c> as <c>task | line</c>, anything else as <c>key=value</c> pairs.</summary>
    public static string OneLine(JsonNode? data) => data switch
    {
        null => "",
        JsonValue value => Scalar(value),
        JsonObject obj when obj["line"] is JsonValue line && obj["task"] is JsonValue task => $"{Scalar(task)} | {Scalar(line)}",
        JsonObject obj => string.Join("  ", obj.Select(p => $"{p.Key}={(p.Value is JsonValue v ? Scalar(v) : p.Value?.ToJsonString() ?? "null")}")),
        _ => data.ToJsonString(),
    };

    private static string Scalar(JsonValue value) => value.GetValueKind() switch
    {
        JsonValueKind.String => value.GetValue<string>(),
        JsonValueKind.Null => "-",
        _ => value.ToJsonString(),
    };
}
