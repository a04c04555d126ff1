using System.Runtime.InteropServices;

namespace Pit.Benchmarks;

/// <summary>How to start a published floor app: the program, and the arguments before the app's own.</summary>
internal sealed record FloorProgram(string Program, IReadOnlyList<string> Prefix);

/// <summary>
/// The engine suite's other floors, for the choice its report leaves open: the same program as
/// <see cref="StackFloorApp"/> (Akka.Hosting, one persistent actor, events each durable before the next,
/// tagged in a tag table as pit's are, a SQLite file in WAL mode with commits that do not flush) with
/// Akka.Persistence.Sql (linq2db, LanguageExt) replaced by a journal of some 60 lines written on
/// Microsoft.Data.Sqlite. Published as pit is (ReadyToRun, framework-dependent), and as a Native AOT
/// executable, which Akka.Persistence.Sql rules out: ILC fails on LanguageExt's recursive generics.
/// </summary>
internal static class MinimalJournalFloorApp
{
    /// <summary>Writes the app under <paramref name="parentDir"/> and publishes it; with <paramref name="nativeAot"/>,
    /// returns null and the reason when this machine cannot build it (no clang, or the publish fails).</summary>
    public static (FloorProgram? Program, string? Unavailable) Build(string parentDir, bool nativeAot)
    {
        var name = nativeAot ? "minimal-journal-floor-aot" : "minimal-journal-floor";
        var projectDir = Path.Combine(parentDir, name);
        // Akka finds its actors, plugins and configuration by reflection: they are kept whole under trimming.
        var kept = new[] { "Akka", "Akka.Hosting", "Akka.Persistence", "Akka.Streams", "System.Configuration.ConfigurationManager", "minimal-journal-floor" };
        StackFloorApp.WriteProject(projectDir, name, ["Akka.Hosting", "Akka.Persistence", "Microsoft.Data.Sqlite", "Microsoft.Extensions.Hosting"],
            properties: """
                    <AssemblyName>minimal-journal-floor</AssemblyName>
                    <SatelliteResourceLanguages>en</SatelliteResourceLanguages>
                """,
            items: string.Join("\n", kept.Select(assembly => $"""    <TrimmerRootAssembly Include="{assembly}" />""")));
        File.WriteAllText(Path.Combine(projectDir, "Program.cs"), Source);
        File.WriteAllText(Path.Combine(projectDir, "Recorder.cs"), StackFloorApp.RecorderSource);

        var outDir = Path.Combine(projectDir, "out");
        var rid = RuntimeInformation.RuntimeIdentifier;
        if (!nativeAot)
        {
            DotnetCommand.Run(projectDir, "publish", "-c", "Release", "-r", rid, "-p:PublishReadyToRun=true", "--self-contained", "false", "-o", outDir);
            var dll = Path.Combine(outDir, "minimal-journal-floor.dll");
            return File.Exists(dll) ? (new FloorProgram("dotnet", [dll]), null) : throw new FileNotFoundException($"the floor's publish produced no {dll}");
        }
        if (!File.Exists("/usr/bin/clang"))
            return (null, "Native AOT needs clang (apt-get install clang zlib1g-dev)");
        try
        {
            DotnetCommand.Run(projectDir, "publish", "-c", "Release", "-r", rid, "-p:PublishAot=true", "-o", outDir);
        }
        catch (InvalidOperationException e)
        {
            // The ILCompiler packages may not be reachable; the other floors are still worth reporting.
            return (null, $"the Native AOT publish failed: {e.Message.Split('\n')[0]}");
        }
        var exe = Path.Combine(outDir, "minimal-journal-floor");
        return File.Exists(exe) ? (new FloorProgram(exe, []), null) : throw new FileNotFoundException($"the floor's Native AOT publish produced no {exe}");
    }

    private const string Source = """"
        using System.Collections.Immutable;
        using Akka.Actor;
        using Akka.Hosting;
        using Akka.Persistence;
        using Akka.Persistence.Journal;
        using Microsoft.Data.Sqlite;
        using Microsoft.Extensions.Hosting;

        // minimal-journal-floor <sqlite file> [events]: start, persist the events one after the other (each
        // durable before the next is sent), stop. Each event is one journal row and two tag rows.
        SqliteJournal.File = Path.GetFullPath(args[0]);
        var events = args.Length > 1 ? int.Parse(args[1]) : 1;
        var host = new HostBuilder().ConfigureServices(services => services.AddAkka("floor", (akka, _) =>
        {
            akka.AddHocon("""
                akka.loglevel = WARNING
                akka.coordinated-shutdown.run-by-clr-shutdown-hook = off
                akka.persistence.journal.plugin = "akka.persistence.journal.sqlite"
                akka.persistence.journal.sqlite.class = "SqliteJournal, minimal-journal-floor"
                akka.persistence.journal.sqlite.plugin-dispatcher = "akka.actor.default-dispatcher"
                akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
                """, HoconAddMode.Prepend);
        })).Build();
        await Recorder.RunAsync(host, events);

        /// <summary>Rows of (ordering, persistence id, sequence number, manifest, payload) and their tags, in WAL mode without a flush per commit.</summary>
        public sealed class SqliteJournal : AsyncWriteJournal
        {
            public static string File = "";
            private static readonly string[] Tags = ["run", "dag:floor"];
            private readonly SqliteConnection _db = new($"Data Source={File}");

            public SqliteJournal()
            {
                _db.Open();
                Execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 30000;" +
                        "CREATE TABLE IF NOT EXISTS journal (ordering INTEGER PRIMARY KEY, persistence_id TEXT NOT NULL, sequence_nr INTEGER NOT NULL," +
                        " manifest TEXT NOT NULL, serializer_id INTEGER NOT NULL, payload BLOB NOT NULL, UNIQUE (persistence_id, sequence_nr));" +
                        "CREATE TABLE IF NOT EXISTS tags (ordering INTEGER NOT NULL, tag TEXT NOT NULL, PRIMARY KEY (ordering, tag));");
            }

            private void Execute(string sql)
            {
                using var command = _db.CreateCommand();
                command.CommandText = sql;
                command.ExecuteNonQuery();
            }

            public override Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSequenceNr, CancellationToken cancellationToken)
            {
                using var command = _db.CreateCommand();
                command.CommandText = "SELECT coalesce(max(sequence_nr), 0) FROM journal WHERE persistence_id = $id";
                command.Parameters.AddWithValue("$id", persistenceId);
                return Task.FromResult((long)command.ExecuteScalar()!);
            }

            public override Task ReplayMessagesAsync(IActorContext context, string persistenceId, long fromSequenceNr, long toSequenceNr, long max, Action<IPersistentRepresentation> recoveryCallback)
            {
                using var command = _db.CreateCommand();
                command.CommandText = "SELECT sequence_nr, manifest, serializer_id, payload FROM journal WHERE persistence_id = $id AND sequence_nr BETWEEN $from AND $to ORDER BY sequence_nr LIMIT $max";
                command.Parameters.AddWithValue("$id", persistenceId);
                command.Parameters.AddWithValue("$from", fromSequenceNr);
                command.Parameters.AddWithValue("$to", toSequenceNr);
                command.Parameters.AddWithValue("$max", Math.Min(max, int.MaxValue));
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    var payload = context.System.Serialization.Deserialize((byte[])reader[3], reader.GetInt32(2), reader.GetString(1));
                    recoveryCallback(new Persistent(payload, reader.GetInt64(0), persistenceId));
                }
                return Task.CompletedTask;
            }

            protected override Task<IImmutableList<Exception?>> WriteMessagesAsync(IEnumerable<AtomicWrite> messages, CancellationToken cancellationToken)
            {
                using var transaction = _db.BeginTransaction();
                using var row = _db.CreateCommand();
                row.CommandText = "INSERT INTO journal (persistence_id, sequence_nr, manifest, serializer_id, payload) VALUES ($id, $nr, $manifest, $serializer, $payload) RETURNING ordering";
                using var tag = _db.CreateCommand();
                tag.CommandText = "INSERT INTO tags (ordering, tag) VALUES ($ordering, $tag)";
                foreach (var write in messages)
                foreach (var message in (IImmutableList<IPersistentRepresentation>)write.Payload)
                {
                    var serializer = Context.System.Serialization.FindSerializerFor(message.Payload);
                    row.Parameters.Clear();
                    row.Parameters.AddWithValue("$id", message.PersistenceId);
                    row.Parameters.AddWithValue("$nr", message.SequenceNr);
                    row.Parameters.AddWithValue("$manifest", Akka.Serialization.Serialization.ManifestFor(serializer, message.Payload));
                    row.Parameters.AddWithValue("$serializer", serializer.Identifier);
                    row.Parameters.AddWithValue("$payload", serializer.ToBinary(message.Payload));
                    var ordering = (long)row.ExecuteScalar()!;
                    foreach (var name in Tags)
                    {
                        tag.Parameters.Clear();
                        tag.Parameters.AddWithValue("$ordering", ordering);
                        tag.Parameters.AddWithValue("$tag", name);
                        tag.ExecuteNonQuery();
                    }
                }
                transaction.Commit();
                return Task.FromResult<IImmutableList<Exception?>>(null!);
            }

            protected override Task DeleteMessagesToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken) => Task.CompletedTask;
        }
        """";
}
