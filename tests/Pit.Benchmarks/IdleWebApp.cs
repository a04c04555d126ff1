namespace Pit.Benchmarks;

/// <summary>
/// The idle-memory baseline: the smallest ASP.NET Core app (<c>dotnet new web</c>'s one
/// <c>MapGet</c>), built once in Release with pit's runtime settings (workstation GC, invariant
/// globalization, no tiered PGO, no W^X), so that it shows the floor of the runtime pit runs on.
/// </summary>
internal static class IdleWebApp
{
    public const string ReadyLine = "hello-web: listening";

    /// <summary>Writes and builds the app under <paramref name="parentDir"/>; returns the path of hello-web.dll.</summary>
    public static string Build(string parentDir)
    {
        var projectDir = Path.Combine(parentDir, "hello-web");
        Directory.CreateDirectory(projectDir);
        File.WriteAllText(Path.Combine(projectDir, "hello-web.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk.Web">
              <PropertyGroup>
                <TargetFramework>net{Environment.Version.Major}.{Environment.Version.Minor}</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <ServerGarbageCollection>false</ServerGarbageCollection>
                <InvariantGlobalization>true</InvariantGlobalization>
                <TieredPGO>false</TieredPGO>
              </PropertyGroup>
              <ItemGroup>
                <RuntimeHostConfigurationOption Include="System.Runtime.EnableWriteXorExecute" Value="false" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(projectDir, "Program.cs"), $$"""
            var app = WebApplication.Create(args);
            app.MapGet("/", () => "Hello World!");
            app.Lifetime.ApplicationStarted.Register(() => Console.WriteLine("{{ReadyLine}}"));
            app.Run();
            """);
        var outDir = Path.Combine(projectDir, "out");
        DotnetCommand.Run(projectDir, "build", "-c", "Release", "-o", outDir);
        var dll = Path.Combine(outDir, "hello-web.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"the ASP.NET Core baseline build produced no {dll}");
    }
}
