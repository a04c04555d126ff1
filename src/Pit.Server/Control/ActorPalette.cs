using System.Text;
using System.Text.Json.Nodes;
using Akka.Actor;
using Pit.Engine.Control;

namespace Pit.Server.Control;

/// <summary>
/// <c>actor hierarchy [-d N] [--system]</c>, <c>actor ls &lt;path&gt;</c> and <c>actor stats &lt;path&gt;</c>:
/// the live actor tree, found by <see cref="Identify"/> (<see cref="ActorTree"/>).
/// </summary>
public static class ActorPalette
{
    public const int DefaultDepth = 5;

    public static ControlPalette For(ActorSystem system)
    {
        var tree = new ActorTree(system);
        return new ControlPalette("actor", "the live actor tree",
        [
            new("hierarchy", "the actors under /user (and /system with --system), as a tree", call => HierarchyAsync(tree, call),
                Options:
                [
                    new("depth", $"how many levels (default {DefaultDepth})", 'd'),
                    new("system", "include Akka's own actors under /system", Flag: true),
                ]),
            new("ls", "the children of an actor", call => ListAsync(tree, call), [new("path", "an actor path, e.g. /user/pit", Values: ControlValues.Actors)]),
            new("stats", "an actor's children, mailbox size and the system's uptime", call => StatsAsync(system, tree, call),
                [new("path", "an actor path, e.g. /user/pit/scheduler", Values: ControlValues.Actors)]),
        ]);
    }

    /// <summary>The completion values for <see cref="ControlValues.Actors"/>: the paths of the tree under /user.</summary>
    public static async Task<IReadOnlyList<string>> PathsAsync(ActorSystem system, CancellationToken cancel) =>
        (await new ActorTree(system).TreeAsync("/user", 3, cancel)).Select(p => p.ToStringWithoutAddress()).ToList();

    private static async Task<JsonNode?> HierarchyAsync(ActorTree tree, ControlCall call)
    {
        var depth = call.Args.Int("depth", DefaultDepth, 1, 50);
        var roots = call.Args.Flag("system") ? new[] { "/user", "/system" } : ["/user"];
        var text = new StringBuilder();
        var actors = new JsonArray();
        foreach (var root in roots)
        {
            text.Append(root).Append('\n');
            foreach (var path in await tree.TreeAsync(root, depth, call.Cancel))
            {
                var below = path.Elements.Count - root.Count(c => c == '/');
                text.Append(' ', 2 * below).Append(path.Name).Append('\n');
                actors.Add(path.ToStringWithoutAddress());
            }
        }
        return new JsonObject { ["text"] = text.ToString(), ["actors"] = actors };
    }

    private static async Task<JsonNode?> ListAsync(ActorTree tree, ControlCall call)
    {
        var path = await RequireActorAsync(tree, call);
        var children = await tree.ChildrenAsync(path.Path.ToStringWithoutAddress(), call.Cancel);
        return new JsonArray(children.Select(c => (JsonNode?)new JsonObject
        {
            ["name"] = c.Path.Name,
            ["path"] = c.Path.ToStringWithoutAddress(),
        }).ToArray());
    }

    private static async Task<JsonNode?> StatsAsync(ActorSystem system, ActorTree tree, ControlCall call)
    {
        var actor = await RequireActorAsync(tree, call);
        var children = await tree.ChildrenAsync(actor.Path.ToStringWithoutAddress(), call.Cancel);
        return new JsonObject
        {
            ["path"] = actor.Path.ToStringWithoutAddress(),
            ["children"] = children.Count,
            // Known for local actors only (an actor elsewhere in a cluster has no cell here).
            ["mailbox"] = actor is ActorRefWithCell local ? local.Underlying.NumberOfMessages : null,
            ["system_uptime_seconds"] = system.Uptime.TotalSeconds,
        };
    }

    private static async Task<IActorRef> RequireActorAsync(ActorTree tree, ControlCall call)
    {
        var path = call.Args.Require("path");
        if (!path.StartsWith('/')) path = "/user/" + path;
        return await tree.FindAsync(path, call.Cancel)
               ?? throw ControlException.NotFound($"no actor at {path} (see `actor hierarchy`)");
    }
}
