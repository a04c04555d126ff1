using Akka;
using Akka.Actor;
using Akka.Hosting;
using Akka.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Pit.Engine.Hosting;
using Pit.Engine.Persistence;
using Pit.Engine.Protocol;

namespace Pit.Benchmarks;

/// <summary>
/// Writes the history suite's journal through Pit's real persistence path: an actor system with
/// <c>WithPitPersistence</c> (Akka.Persistence.Sql on the SQLite file, <see cref="PitEventSerializer"/>,
/// <see cref="RunEventTagger"/>), one small persistent actor per run (persistenceId <c>run-&lt;id&gt;</c>)
/// that persists the run's events with <c>PersistAll</c>, as a DagRun does. Each run: RunCreated, per
/// task TaskStarted, a secret lookup, a context set and TaskSucceeded (every 10th run retries a task,
/// every 50th fails), then RunFinished: about 42 events. Runs are spread over the last 30 days, all
/// finished, with triggers that fire no catch-up in <c>pit serve</c> (no DAG has a schedule).
/// </summary>
internal static class HistoryJournal
{
    private static readonly string[] Triggers = ["manual", "api", "webhook", "ctl", "cron"];

    public static string DagName(int d) => $"dag_{d:00}";

    /// <summary>The number of events written.</summary>
    public static long Generate(string dbPath, int runs, int tasks, int dags, DateTimeOffset now)
    {
        using var host = new HostBuilder()
            .ConfigureServices(services => services.AddAkka("pit-bench-journal", builder =>
            {
                builder.AddHocon("akka.loglevel = WARNING", HoconAddMode.Prepend);
                builder.WithPitPersistence(dbPath);
            }))
            .Build();
        host.Start();
        var system = host.Services.GetRequiredService<ActorSystem>();
        var span = TimeSpan.FromDays(30);
        long written = 0;
        const int InFlight = 64;
        var pending = new List<Task>();
        for (var r = 0; r < runs; r++)
        {
            var at = now - span + TimeSpan.FromTicks(span.Ticks / runs * r);
            var dag = DagName(r % dags);
            var events = Run(RunIds.New(dag, at), dag, r, tasks, at);
            written += events.Count;
            var writer = system.ActorOf(Props.Create(() => new RunWriter(events)));
            pending.Add(writer.Ask<Done>(new Write(), TimeSpan.FromMinutes(5)));
            if (pending.Count < InFlight) continue;
            Task.WhenAll(pending).GetAwaiter().GetResult();
            pending.Clear();
            if ((r + 1) % 1000 < InFlight) Console.WriteLine($"  … {r + 1} runs written");
        }
        Task.WhenAll(pending).GetAwaiter().GetResult();
        host.StopAsync().GetAwaiter().GetResult();
        return written;
    }

    private static List<IPitEvent> Run(string runId, string dag, int index, int tasks, DateTimeOffset at)
    {
        var names = Enumerable.Range(0, tasks).Select(t => $"t{t:00}").ToList();
        var trigger = Triggers[index % Triggers.Length];
        var events = new List<IPitEvent>
        {
            new RunEvents.RunCreated(runId, dag, trigger, "sha256:" + dag,
                names.Select((n, i) => new RunEvents.PlannedTask(n, i == 0 ? [] : [names[i - 1]])).ToList(), at,
                LogicalTime: trigger == "cron" ? at : null,
                Parameters: index % 7 == 0 ? new Dictionary<string, string> { ["day"] = at.ToString("yyyy-MM-dd") } : null),
        };
        var clock = at;
        var failed = index % 50 == 49;
        for (var t = 0; t < tasks; t++)
        {
            var task = names[t];
            if (failed && t == tasks / 2)
            {
                events.Add(new RunEvents.TaskStarted(runId, task, 1, 1000 + t, clock = clock.AddMilliseconds(5)));
                events.Add(new RunEvents.TaskFailed(runId, task, 1, 2, "exit code 2", false, clock = clock.AddMilliseconds(300)));
                for (var rest = t + 1; rest < tasks; rest++)
                    events.Add(new RunEvents.TaskUpstreamFailed(runId, names[rest], names[rest - 1], clock));
                events.Add(new RunEvents.RunFinished(runId, RunStatus.Failed, "1 task failed", clock));
                return events;
            }
            var attempt = 1;
            events.Add(new RunEvents.TaskStarted(runId, task, attempt, 1000 + t, clock = clock.AddMilliseconds(5)));
            if (index % 10 == 3 && t == 1)
            {
                events.Add(new RunEvents.TaskFailed(runId, task, attempt, 1, "exit code 1 (attempt 1/2)", false, clock = clock.AddMilliseconds(200)));
                events.Add(new RunEvents.TaskRetryScheduled(runId, task, ++attempt, TimeSpan.FromSeconds(5), clock));
                events.Add(new RunEvents.TaskStarted(runId, task, attempt, 2000 + t, clock = clock.AddSeconds(5)));
            }
            events.Add(new RunEvents.SecretAccessed(runId, task, attempt, "warehouse_db", true, clock = clock.AddMilliseconds(20)));
            events.Add(new RunEvents.ContextSet(runId, task, task + ".rows", "{\"count\":" + (index * 7 + t) + "}", clock = clock.AddMilliseconds(30)));
            events.Add(new RunEvents.TaskSucceeded(runId, task, attempt, clock = clock.AddMilliseconds(250)));
        }
        events.Add(new RunEvents.RunFinished(runId, RunStatus.Succeeded, null, clock.AddMilliseconds(5)));
        return events;
    }

    private sealed record Write;

    /// <summary>A stand-in DagRun: persists the run's events in one <c>PersistAll</c>, answers, stops.</summary>
    private sealed class RunWriter : ReceivePersistentActor
    {
        public RunWriter(IReadOnlyList<IPitEvent> events)
        {
            PersistenceId = RunIds.PersistenceIdOf(((IWithRunId)events[0]).RunId);
            Command<Write>(_ =>
            {
                var replyTo = Sender;
                PersistAll(events, _ => { });
                DeferAsync(Done.Instance, done =>
                {
                    replyTo.Tell(done);
                    Context.Stop(Self);
                });
            });
        }

        public override string PersistenceId { get; }

        /// <summary>A new run: nothing to replay.</summary>
        public override Recovery Recovery => Recovery.None;
    }
}
