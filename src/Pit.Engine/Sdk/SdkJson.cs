using System.Globalization;
using System.Text.Json.Nodes;

namespace Pit.Engine.Sdk;

/// <summary>Row values between JSON (the socket) and .NET (the connectors).</summary>
public static class SdkJson
{
    public static JsonArray Rows(IReadOnlyList<IReadOnlyDictionary<string, object?>> rows)
    {
        var array = new JsonArray();
        foreach (var row in rows)
        {
            var item = new JsonObject();
            foreach (var (name, value) in row) item[name] = Value(value);
            array.Add(item);
        }
        return array;
    }

    /// <summary>Numbers, booleans and strings as themselves; dates and times as ISO-8601 text; bytes as base64.</summary>
    public static JsonNode? Value(object? value) => value switch
    {
        null or DBNull => null,
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        long l => JsonValue.Create(l),
        int i => JsonValue.Create(i),
        short s => JsonValue.Create(s),
        byte b => JsonValue.Create(b),
        decimal d => JsonValue.Create(d),
        double d when double.IsFinite(d) => Float(d),
        float f when float.IsFinite(f) => Float(f),
        double d => JsonValue.Create(d.ToString(CultureInfo.InvariantCulture)),
        float f => JsonValue.Create(f.ToString(CultureInfo.InvariantCulture)),
        DateTime t => JsonValue.Create(t.ToString(t.Kind == DateTimeKind.Utc ? "yyyy-MM-ddTHH:mm:ss.FFFFFFFZ" : "yyyy-MM-ddTHH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture)),
        DateTimeOffset t => JsonValue.Create(t.ToString("o", CultureInfo.InvariantCulture)),
        DateOnly d => JsonValue.Create(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        TimeOnly t => JsonValue.Create(t.ToString("HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture)),
        TimeSpan t => JsonValue.Create(t.ToString("c", CultureInfo.InvariantCulture)),
        byte[] bytes => JsonValue.Create(Convert.ToBase64String(bytes)),
        IFormattable f => JsonValue.Create(f.ToString(null, CultureInfo.InvariantCulture)),
        _ => JsonValue.Create(value.ToString()),
    };

    /// <summary>A float stays a float in JSON (<c>1275.0</c>, not <c>1275</c>), so a Python reader gets a float back.</summary>
    private static JsonNode Float(double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return double.IsInteger(value) && !text.Contains('E') ? JsonNode.Parse(text + ".0")! : JsonValue.Create(value);
    }

    /// <summary>A JSON row value as the connectors take it: long, double, bool, string or null (objects and arrays as JSON text).</summary>
    public static object? FromJson(JsonNode? node)
    {
        if (node is not JsonValue value) return node?.ToJsonString();
        if (value.TryGetValue<bool>(out var b)) return b;
        if (value.TryGetValue<string>(out var s)) return s;
        if (value.TryGetValue<long>(out var l)) return l;
        if (value.TryGetValue<double>(out var d)) return d;
        var text = value.ToJsonString();
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out l)) return l;
        return double.Parse(text, CultureInfo.InvariantCulture);
    }
}
