using System.Xml.Linq;

namespace Pit.Benchmarks;

/// <summary>
/// The engine suite's floor: the smallest program made of the parts issue 3 names for Pit's engine —
/// an actor system built by Akka.Hosting (on Microsoft.Extensions.Hosting) with Akka.Persistence.Sql's
/// journal on a SQLite file (linq2db, Microsoft.Data.Sqlite) — that starts, persists one event from one
/// persistent actor, and stops. It is published the way pit is (Release, ReadyToRun, this platform) with
/// pit's runtime settings and the package versions of Directory.Packages.props, so its wall time and
/// peak RSS are what any engine on these parts pays before it does anything of its own.
/// </summary>
internal static class StackFloorApp
{
    /// <summary>Writes and publishes the app under <paramref name="parentDir"/>; returns the path of stack-floor.dll.</summary>
    public static string Build(string parentDir)
    {
        var projectDir = Path.Combine(parentDir, "stack-floor");
        WriteProject(projectDir, "stack-floor",
            ["Akka.Hosting", "Akka.Persistence", "Akka.Persistence.Hosting", "Akka.Persistence.Sql", "Akka.Persistence.Sql.Hosting", "Microsoft.Data.Sqlite", "Microsoft.Extensions.Hosting"],
            items: """    <PublishReadyToRunExclude Include="LanguageExt.Core.dll" />""");
        File.WriteAllText(Path.Combine(projectDir, "Program.cs"), """
            using System.Data.Common;
            using Akka.Actor;
            using Akka.Hosting;
            using Akka.Persistence;
            using Akka.Persistence.Sql.Config;
            using Akka.Persistence.Sql.Hosting;
            using LinqToDB;
            using LinqToDB.Interceptors;
            using Microsoft.Data.Sqlite;
            using Microsoft.Extensions.Hosting;

            // stack-floor <sqlite file> [events]: start, persist the events one after the other (each
            // durable before the next is sent, as a chain of tasks needs), stop. The file is in WAL mode
            // and commits do not flush (synchronous = NORMAL), as pit's journal.
            var file = Path.GetFullPath(args[0]);
            var events = args.Length > 1 ? int.Parse(args[1]) : 1;
            var connection = $"Data Source={file}";
            using (var wal = new SqliteConnection(connection))
            {
                wal.Open();
                using var command = wal.CreateCommand();
                command.CommandText = "PRAGMA journal_mode = WAL;";
                command.ExecuteNonQuery();
            }
            var data = new DataOptions().UseConnectionString(ProviderName.SQLiteMS, connection).UseInterceptor(new NoFlush());
            var host = new HostBuilder().ConfigureServices(services => services.AddAkka("floor", (akka, _) =>
            {
                akka.AddHocon("akka.loglevel = WARNING\nakka.coordinated-shutdown.run-by-clr-shutdown-hook = off", HoconAddMode.Prepend);
                akka.WithSqlPersistence(
                    new SqlJournalOptions(isDefaultPlugin: true, identifier: "sql")
                    {
                        ConnectionString = connection, ProviderName = ProviderName.SQLiteMS, DataOptions = data, AutoInitialize = true, TagStorageMode = TagMode.TagTable,
                    },
                    new SqlSnapshotOptions(isDefaultPlugin: true, identifier: "sql")
                    {
                        ConnectionString = connection, ProviderName = ProviderName.SQLiteMS, DataOptions = data, AutoInitialize = true,
                    });
            })).Build();
            await Recorder.RunAsync(host, events);

            sealed class NoFlush : ConnectionInterceptor
            {
                public override void ConnectionOpened(ConnectionEventData eventData, DbConnection connection) => Set(connection);

                public override Task ConnectionOpenedAsync(ConnectionEventData eventData, DbConnection connection, CancellationToken cancellationToken)
                {
                    Set(connection);
                    return Task.CompletedTask;
                }

                private static void Set(DbConnection connection)
                {
                    using var command = connection.CreateCommand();
                    command.CommandText = "PRAGMA synchronous = NORMAL;";
                    command.ExecuteNonQuery();
                }
            }
            """);
        File.WriteAllText(Path.Combine(projectDir, "Recorder.cs"), RecorderSource);
        var outDir = Path.Combine(projectDir, "out");
        DotnetCommand.Run(projectDir, "publish", "-c", "Release", "-r", System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier, "-p:PublishReadyToRun=true", "--self-contained", "false", "-o", outDir);
        var dll = Path.Combine(outDir, "stack-floor.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"the stack floor's publish produced no {dll}");
    }

    /// <summary>The floor apps' one persistent actor, which persists each string it gets and then answers "persisted",
    /// and their measured part: start the host, persist the events one after the other, stop.</summary>
    internal const string RecorderSource = """
        using Akka.Actor;
        using Akka.Persistence;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;

        sealed class Recorder : ReceivePersistentActor
        {
            /// <summary>Starts <paramref name="host"/>, persists <paramref name="events"/> events, each durable before the next is sent, and stops it.</summary>
            public static async Task RunAsync(IHost host, int events)
            {
                await host.StartAsync();
                var system = host.Services.GetRequiredService<ActorSystem>();
                var recorder = system.ActorOf(Props.Create(() => new Recorder($"floor-{Guid.NewGuid():N}")));
                for (var i = 0; i < events; i++) await recorder.Ask<string>("event", TimeSpan.FromSeconds(30));
                await host.StopAsync();
            }

            public Recorder(string persistenceId)
            {
                PersistenceId = persistenceId;
                Command<string>(e => Persist(e, _ => Sender.Tell("persisted")));
                Recover<string>(_ => { });
            }

            public override string PersistenceId { get; }
        }
        """;

    /// <summary>
    /// Creates <paramref name="projectDir"/> with <c>&lt;name&gt;.csproj</c>: an executable with pit's runtime settings
    /// (those of Directory.Build.props and Pit.Cli.csproj that change start-up or memory) referencing
    /// <paramref name="packages"/> at the versions of the repository's Directory.Packages.props, plus
    /// <paramref name="properties"/> and <paramref name="items"/> (XML lines) of its own.
    /// </summary>
    internal static void WriteProject(string projectDir, string name, IEnumerable<string> packages, string properties = "", string items = "")
    {
        var root = RepositoryRoot.Find() ?? throw new InvalidOperationException("the floor apps need the repository (Directory.Packages.props) for their package versions");
        var versions = PackageVersions(Path.Combine(root, "Directory.Packages.props"));
        Directory.CreateDirectory(projectDir);
        File.WriteAllText(Path.Combine(projectDir, name + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net{Environment.Version.Major}.{Environment.Version.Minor}</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <InvariantGlobalization>true</InvariantGlobalization>
                <TieredPGO>false</TieredPGO>
            {properties}
              </PropertyGroup>
              <ItemGroup>
                <RuntimeHostConfigurationOption Include="System.Runtime.EnableWriteXorExecute" Value="false" />
            {string.Join("\n", packages.Select(id => $"""    <PackageReference Include="{id}" Version="{versions[id]}" />"""))}
            {items}
              </ItemGroup>
            </Project>
            """);
    }

    /// <summary>Package id → version from the repository's central package management (properties expanded).</summary>
    private static Dictionary<string, string> PackageVersions(string propsFile)
    {
        var doc = XDocument.Load(propsFile);
        var properties = doc.Descendants().Where(e => e.Parent?.Name.LocalName == "PropertyGroup")
            .ToDictionary(e => e.Name.LocalName, e => e.Value);
        return doc.Descendants().Where(e => e.Name.LocalName == "PackageVersion")
            .ToDictionary(
                e => (string)e.Attribute("Include")!,
                e => properties.Aggregate((string)e.Attribute("Version")!, (v, p) => v.Replace($"$({p.Key})", p.Value)));
    }
}
