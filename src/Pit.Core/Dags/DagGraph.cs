namespace Pit.Core.Dags;

/// <summary>Graph questions over a DAG's tasks: topological order, cycles, downstream sets.</summary>
public static class DagGraph
{
    /// <summary>
    /// A dependency cycle as task names, first name repeated at the end (<c>a → b → c → a</c>),
    /// or null when the graph is acyclic. Unknown and self dependencies are ignored here.
    /// </summary>
    public static IReadOnlyList<string>? FindCycle(IReadOnlyList<TaskDefinition> tasks)
    {
        var byName = new Dictionary<string, TaskDefinition>();
        foreach (var task in tasks) byName.TryAdd(task.Name, task);
        var state = new Dictionary<string, int>(); // 0 unvisited, 1 on stack, 2 done
        var stack = new List<string>();

        IReadOnlyList<string>? Visit(string name)
        {
            state[name] = 1;
            stack.Add(name);
            foreach (var dependency in byName[name].DependsOn)
            {
                if (dependency == name || !byName.ContainsKey(dependency)) continue;
                var mark = state.GetValueOrDefault(dependency);
                if (mark == 1)
                {
                    // The cycle runs downstream-to-upstream on the stack; report it in run order.
                    var cycle = stack.Skip(stack.IndexOf(dependency)).Reverse().ToList();
                    cycle.Add(cycle[0]);
                    return cycle;
                }
                if (mark == 0 && Visit(dependency) is { } found) return found;
            }
            stack.RemoveAt(stack.Count - 1);
            state[name] = 2;
            return null;
        }

        foreach (var name in byName.Keys)
        {
            if (state.GetValueOrDefault(name) == 0 && Visit(name) is { } cycle) return cycle;
        }
        return null;
    }

    /// <summary>Task names in an order where every task comes after its dependencies (stable).</summary>
    public static IReadOnlyList<string> TopologicalOrder(IReadOnlyList<TaskDefinition> tasks)
    {
        var remaining = tasks.ToDictionary(t => t.Name, t => t.DependsOn.Distinct().Count(d => d != t.Name && tasks.Any(x => x.Name == d)));
        var order = new List<string>();
        var ready = new Queue<string>(tasks.Where(t => remaining[t.Name] == 0).Select(t => t.Name));
        while (ready.Count > 0)
        {
            var name = ready.Dequeue();
            order.Add(name);
            foreach (var dependent in tasks.Where(t => t.DependsOn.Contains(name)))
            {
                if (--remaining[dependent.Name] == 0) ready.Enqueue(dependent.Name);
            }
        }
        return order;
    }
}
