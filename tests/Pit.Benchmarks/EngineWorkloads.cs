using System.Text;

namespace Pit.Benchmarks;

/// <summary>
/// One engine workload: <see cref="Layers"/> layers of <see cref="Width"/> bash tasks, each task
/// depending on the whole previous layer, at most <see cref="Parallelism"/> at once. Every task runs
/// the same script, <c>tasks/t.sh</c>, whose body is <see cref="Script"/>.
/// </summary>
internal sealed record EngineWorkload(string Id, string Shape, int Layers, int Width, int Parallelism, string Script)
{
    public const string DagName = "bench";

    public int Tasks => Layers * Width;

    /// <summary>Whether the issue sets an overhead goal per task on this workload (W1–W3).</summary>
    public bool HasPerTaskGoal => Id is "W1" or "W2" or "W3";

    /// <summary>
    /// The same shape with twice the tasks: twice the layers of a chain or a layered DAG, twice the width
    /// of a single layer. Between the two, start-up, warm-up and the run's end cancel out of the cost per task.
    /// </summary>
    public EngineWorkload Doubled() => (Layers == 1 ? this with { Width = Width * 2 } : this with { Layers = Layers * 2 })
        with { Id = Id + "×2", Shape = $"{Shape}, doubled" };

    public string ProjectDir(string workspace) => Path.Combine(workspace, "projects", DagName);
}

/// <summary>
/// The workloads of issue 3's benchmark, and the files each needs: a workspace (pit_config.toml
/// without <c>max_active_runs</c>, one project) and the baseline, a bash script doing the same
/// spawns (<c>bash tasks/t.sh</c>) with the same parallelism (<c>xargs -P</c>), layer by layer.
/// </summary>
internal static class EngineWorkloads
{
    public static readonly IReadOnlyList<EngineWorkload> All =
    [
        new("W0", "one task (start-up)", 1, 1, 1, "true"),
        new("W1", "chain of 200", 200, 1, 1, "true"),
        new("W2", "1,000 independent, max_active_tasks = 4", 1, 1000, 4, "true"),
        new("W3", "10 layers × 20, each on the whole previous layer, at 4", 10, 20, 4, "true"),
        new("W4", "100 × sleep 0.05, at 8", 1, 100, 8, "sleep 0.05"),
    ];

    /// <summary>Writes the workspace of <paramref name="workload"/> under <paramref name="workspace"/>
    /// and its baseline script; returns the baseline script's path.</summary>
    public static string Generate(EngineWorkload workload, string workspace)
    {
        var project = workload.ProjectDir(workspace);
        Directory.CreateDirectory(Path.Combine(project, "tasks"));
        File.WriteAllText(Path.Combine(workspace, "pit_config.toml"), """
            # Engine benchmark workspace: no max_active_runs, no pools.
            runs_dir = "runs"

            """);
        File.WriteAllText(Path.Combine(project, "pit.toml"), PitToml(workload));
        File.WriteAllText(Path.Combine(project, "tasks", "t.sh"), $"#!/usr/bin/env bash\n{workload.Script}\n");
        var baseline = Path.Combine(workspace, "baseline.sh");
        File.WriteAllText(baseline, Baseline(workload));
        return baseline;
    }

    private static string TaskName(EngineWorkload workload, int layer, int index) =>
        workload.Layers == 1 ? $"t{index:0000}" : workload.Width == 1 ? $"s{layer:000}" : $"l{layer:00}_t{index:00}";

    private static string PitToml(EngineWorkload workload)
    {
        var toml = new StringBuilder()
            .AppendLine($"# {workload.Id}: {workload.Shape}")
            .AppendLine("[dag]")
            .AppendLine($"name = \"{EngineWorkload.DagName}\"")
            .AppendLine($"max_active_tasks = {workload.Parallelism}")
            .AppendLine();
        for (var layer = 0; layer < workload.Layers; layer++)
        {
            var upstream = layer == 0
                ? ""
                : string.Join(", ", Enumerable.Range(0, workload.Width).Select(i => $"\"{TaskName(workload, layer - 1, i)}\""));
            for (var i = 0; i < workload.Width; i++)
            {
                toml.AppendLine("[[tasks]]")
                    .AppendLine($"name = \"{TaskName(workload, layer, i)}\"")
                    .AppendLine("script = \"tasks/t.sh\"")
                    .AppendLine("runner = \"bash\"");
                if (layer > 0) toml.AppendLine($"depends_on = [{upstream}]");
                toml.AppendLine();
            }
        }
        return toml.ToString();
    }

    /// <summary>The same spawns as pit makes, from the project folder: a plain loop for one-wide
    /// layers, <c>xargs -P</c> for wider ones; any failing spawn fails the script.</summary>
    private static string Baseline(EngineWorkload workload)
    {
        var spawn = workload.Width == 1
            ? "bash tasks/t.sh"
            : $"seq {workload.Width} | xargs -P {workload.Parallelism} -I{{}} bash tasks/t.sh";
        return $"""
            #!/usr/bin/env bash
            # Baseline of {workload.Id} ({workload.Shape}): {workload.Tasks} spawns of bash tasks/t.sh.
            set -euo pipefail
            cd "$(dirname "$0")/projects/{EngineWorkload.DagName}"
            for layer in $(seq {workload.Layers}); do
              {spawn}
            done

            """;
    }
}
