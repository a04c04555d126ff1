using Pit.Core.Dags;

namespace Pit.Core.Tests.Dags;

public class DagGraphSpecs
{
    private static TaskDefinition Task(string name, params string[] dependsOn) =>
        new() { Name = name, Runner = TaskRunner.Bash, Script = name + ".sh", DependsOn = dependsOn };

    [Fact]
    public void An_acyclic_graph_has_no_cycle()
    {
        Assert.Null(DagGraph.FindCycle([Task("a"), Task("b", "a"), Task("c", "a", "b")]));
    }

    [Fact]
    public void Finds_a_cycle_in_run_order()
    {
        var cycle = DagGraph.FindCycle([Task("a", "c"), Task("b", "a"), Task("c", "b")]);

        Assert.NotNull(cycle);
        Assert.Equal(4, cycle.Count);
        Assert.Equal(cycle[0], cycle[^1]);
        // Every step goes from a task to one that depends on it.
        var tasks = new Dictionary<string, string> { ["a"] = "c", ["b"] = "a", ["c"] = "b" };
        for (var i = 1; i < cycle.Count; i++) Assert.Equal(cycle[i - 1], tasks[cycle[i]]);
    }

    [Fact]
    public void Finds_a_cycle_that_does_not_involve_the_first_task()
    {
        var cycle = DagGraph.FindCycle([Task("start"), Task("x", "start", "y"), Task("y", "x")]);

        Assert.NotNull(cycle);
        Assert.Equal(3, cycle.Count);
        Assert.DoesNotContain("start", cycle);
        Assert.Equal(["x", "y"], cycle.Take(2).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Self_and_unknown_dependencies_are_not_cycles()
    {
        Assert.Null(DagGraph.FindCycle([Task("a", "a"), Task("b", "ghost")]));
    }

    [Fact]
    public void Topological_order_puts_dependencies_first_and_is_stable()
    {
        var order = DagGraph.TopologicalOrder([Task("load", "extract"), Task("extract"), Task("report", "load", "extract"), Task("audit")]);

        Assert.Equal(["extract", "audit", "load", "report"], order);
    }

    [Fact]
    public void Topological_order_handles_a_diamond()
    {
        var order = DagGraph.TopologicalOrder([Task("a"), Task("b", "a"), Task("c", "a"), Task("d", "b", "c")]);

        Assert.Equal(["a", "b", "c", "d"], order);
    }

    [Fact]
    public void Topological_order_ignores_unknown_and_self_dependencies()
    {
        var order = DagGraph.TopologicalOrder([Task("a", "ghost"), Task("b", "b", "a")]);

        Assert.Equal(["a", "b"], order);
    }

    [Fact]
    public void Topological_order_includes_a_task_that_lists_a_dependency_twice()
    {
        // depends_on = ["a", "a"] passes validation, so the order must still contain b.
        var order = DagGraph.TopologicalOrder([Task("a"), Task("b", "a", "a")]);

        Assert.Equal(["a", "b"], order);
    }
}
