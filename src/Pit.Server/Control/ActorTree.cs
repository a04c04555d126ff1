using Akka.Actor;

namespace Pit.Server.Control;

/// <summary>
/// Finds live actors by <see cref="Identify"/>: every actor matching a path pattern answers with
/// its identity, gathered until no answer came for <see cref="Quiet"/>. A level of the tree is one
/// pattern (<c>/user/*/*</c>), so a tree of depth d costs d rounds, whatever its size.
/// </summary>
public sealed class ActorTree(ActorSystem system)
{
    /// <summary>How long after the last answer a round ends.</summary>
    public static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(150);

    /// <summary>The actor at <paramref name="path"/>, or null when none answers.</summary>
    public async Task<IActorRef?> FindAsync(string path, CancellationToken cancel)
    {
        try
        {
            var identity = await system.ActorSelection(path).Ask<ActorIdentity>(new Identify(path), TimeSpan.FromSeconds(3), cancel);
            return identity.Subject;
        }
        catch (AskTimeoutException)
        {
            return null;
        }
    }

    /// <summary>The children of <paramref name="path"/>, by name.</summary>
    public Task<IReadOnlyList<IActorRef>> ChildrenAsync(string path, CancellationToken cancel) =>
        IdentifyAllAsync(path.TrimEnd('/') + "/*", cancel);

    /// <summary>The actors under <paramref name="root"/> down to <paramref name="depth"/> levels, by path.</summary>
    public async Task<IReadOnlyList<ActorPath>> TreeAsync(string root, int depth, CancellationToken cancel)
    {
        var found = new List<ActorPath>();
        var pattern = root.TrimEnd('/');
        for (var level = 1; level <= depth; level++)
        {
            pattern += "/*";
            var actors = await IdentifyAllAsync(pattern, cancel);
            if (actors.Count == 0) break;
            found.AddRange(actors.Select(a => a.Path));
        }
        return found.OrderBy(p => p.ToStringWithoutAddress(), StringComparer.Ordinal).ToList();
    }

    private async Task<IReadOnlyList<IActorRef>> IdentifyAllAsync(string pattern, CancellationToken cancel)
    {
        var done = new TaskCompletionSource<IReadOnlyList<IActorRef>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var collector = system.ActorOf(Props.Create(() => new IdentityCollector(done)));
        await using var stop = cancel.Register(() => collector.Tell(PoisonPill.Instance));
        system.ActorSelection(pattern).Tell(new Identify(pattern), collector);
        return await done.Task.WaitAsync(cancel);
    }

    /// <summary>Gathers <see cref="ActorIdentity"/> answers until it hears none for <see cref="Quiet"/>.</summary>
    private sealed class IdentityCollector : ReceiveActor
    {
        private readonly List<IActorRef> _found = [];

        public IdentityCollector(TaskCompletionSource<IReadOnlyList<IActorRef>> done)
        {
            Context.SetReceiveTimeout(Quiet);
            Receive<ActorIdentity>(identity =>
            {
                if (identity.Subject is { } subject && !subject.Equals(Self)) _found.Add(subject);
            });
            Receive<ReceiveTimeout>(_ =>
            {
                done.TrySetResult(_found.OrderBy(a => a.Path.Name, StringComparer.Ordinal).ToList());
                Context.Stop(Self);
            });
        }
    }
}
