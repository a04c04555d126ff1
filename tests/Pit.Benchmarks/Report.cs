using System.Globalization;
using System.Text;

namespace Pit.Benchmarks;

/// <summary>The result table, as Markdown, with each command's ratio to the hello-world baseline.</summary>
internal static class Report
{
    /// <summary>The issue's goal: validate of the generated workspace within this many hello-world starts.</summary>
    public const double ValidateGoal = 3.0;

    public static string Render(IReadOnlyList<Measurement> results, Measurement hello, Measurement validate, string setup)
    {
        var text = new StringBuilder();
        text.AppendLine("# Pit start-up benchmark").AppendLine().AppendLine(setup).AppendLine()
            .AppendLine("| command | median ms | mean ms | min ms | max ms | median × hello | mean × hello |")
            .AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var m in results)
            text.AppendLine($"| {m.Command.Label} | {F(m.Median)} | {F(m.Mean)} | {F(m.Min)} | {F(m.Max)} | " +
                            $"{F(m.Median / hello.Median, "0.00")}× | {F(m.Mean / hello.Mean, "0.00")}× |");
        var ratio = validate.Median / hello.Median;
        text.AppendLine()
            .AppendLine($"Goal: validate within {F(ValidateGoal, "0.0")}× hello-world (median): " +
                        $"{F(ratio, "0.00")}× — {(ratio <= ValidateGoal ? "met" : "NOT met")}.");
        return text.ToString();
    }

    private static string F(double value, string format = "0.0") => value.ToString(format, CultureInfo.InvariantCulture);
}
