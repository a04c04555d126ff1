using Akka.Actor;
using Akka.TestKit;

namespace Pit.Engine.Tests.Actors;

/// <summary>Starting an actor again under the name of one that has just stopped.</summary>
internal static class FreedNames
{
    /// <summary>
    /// <see cref="ActorSystem.ActorOf(Props, string)"/> once <paramref name="name"/> is free: the
    /// parent frees it when it has seen the stop, which may come after a watcher's Terminated.
    /// </summary>
    public static IActorRef ActorOfOnceFree(this TestKitBase kit, Props props, string name)
    {
        IActorRef? actor = null;
        kit.AwaitAssert(() => actor = kit.Sys.ActorOf(props, name), TimeSpan.FromSeconds(10));
        return actor!;
    }
}
