namespace Pit.Engine.Control;

/// <summary>An error reply: <c>{"id":1,"error":{"code","message","known"}}</c>. <paramref name="Known"/> lists what the caller could have meant.</summary>
public sealed class ControlException(string code, string message, IReadOnlyList<string>? known = null) : Exception(message)
{
    public string Code { get; } = code;

    public IReadOnlyList<string> Known { get; } = known ?? [];

    public static ControlException BadArgs(string message, IReadOnlyList<string>? known = null) => new("bad_args", message, known);

    public static ControlException NotFound(string message, IReadOnlyList<string>? known = null) => new("not_found", message, known);
}
