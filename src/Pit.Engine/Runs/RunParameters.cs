using System.Text;

namespace Pit.Engine.Runs;

/// <summary>A run's trigger parameters as its tasks see them: <c>PIT_PARAM_&lt;KEY&gt;</c> variables and the SDK's <c>get_param</c>.</summary>
public static class RunParameters
{
    /// <summary><c>batch-size</c> → <c>PIT_PARAM_BATCH_SIZE</c>: upper case, anything but letters and digits as <c>_</c>.</summary>
    public static string VariableName(string key)
    {
        var name = new StringBuilder("PIT_PARAM_", 10 + key.Length);
        foreach (var c in key) name.Append(char.IsAsciiLetterOrDigit(c) ? char.ToUpperInvariant(c) : '_');
        return name.ToString();
    }
}
