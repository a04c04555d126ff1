using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Akka.Actor;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Pit.Engine.Hosting;
using Pit.Engine.Notifications;
using Pit.Engine.Protocol;
using Pit.Server.Api;
using Pit.Server.Control;

namespace Pit.Server.Hosting;

/// <summary>
/// <c>pit serve</c>: starts the engine as a service (cron fires), then the HTTP API on Kestrel
/// (minimal APIs, slim builder, console log at Warning on stderr), says where it listens, and
/// runs until <c>stop</c>; then stops as <see cref="ServeShutdown"/> describes.
/// </summary>
public static class ServeHost
{
    /// <summary>How long requests in flight get to finish once the server stops listening.</summary>
    private static readonly TimeSpan RequestDrain = TimeSpan.FromSeconds(5);

    /// <param name="stop">The first SIGTERM / SIGINT: stop gracefully.</param>
    /// <param name="stopNow">A second one: stop waiting for active runs and cancel them.</param>
    /// <exception cref="ServeStartException">The API could not listen (the port is taken, say).</exception>
    public static async Task RunAsync(ServeOptions options, TextWriter output, CancellationToken stop, CancellationToken stopNow)
    {
        void Say(string line)
        {
            output.WriteLine(line);
            output.Flush();
        }

        // Continuations run on the thread pool, never on the signal handler's thread.
        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var onStop = stop.Register(() => stopping.TrySetResult());

        CheckPortIsFree(options);
        var startedAt = DateTimeOffset.UtcNow;
        var notifier = new NotifierOptions { RunLinkBase = ServiceAddress.Of(options.Bind, options.Port) };
        var engine = await PitEngine.StartServiceAsync(options.Workspace, options.Secrets, notifier, SystemLogActor.Hocon);
        try
        {
            await ServeAsync(options, engine, startedAt, stopping.Task, stopNow, Say);
        }
        finally
        {
            await engine.DisposeAsync();
        }
        Say("pit serve: stopped");
    }

    /// <summary>Listens until <paramref name="stopping"/>, then stops triggers, stops listening, and drains the active runs.</summary>
    private static async Task ServeAsync(ServeOptions options, PitEngine engine, DateTimeOffset startedAt, Task stopping, CancellationToken stopNow, Action<string> say)
    {
        var config = options.Workspace.Config;
        var shutdown = new ServeShutdown(engine, config.ShutdownTimeout, config.KillGrace, say);
        await using (var app = Build(options, new ApiBackend(engine, options.Workspace, startedAt, options.Secrets)))
        {
            var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Pit.Server.Control");
            try
            {
                var control = ControlHosting.Start(engine.System, options.Control(), startedAt, log);
                say($"pit serve: control channel on {control.Options.SocketPath}{(control.TcpEndPoint is { } tcp ? $" and tcp {tcp}" : "")}");
                await app.StartAsync(CancellationToken.None);
            }
            catch (Exception ex) when (ex is IOException or SocketException or ControlStartException)
            {
                // Cron may have fired already: stop as on a signal, without waiting for the runs.
                await shutdown.StopTriggersAsync();
                await shutdown.DrainAsync(new CancellationToken(canceled: true));
                throw new ServeStartException(ex is ControlStartException ? ex.Message : $"cannot listen on {Url(options.Bind, options.Port)}: {ex.Message}", ex);
            }
            say($"pit serve: listening on {app.Urls.FirstOrDefault() ?? Url(options.Bind, options.Port)} (workspace {options.Workspace.Root})");
            // SIGHUP reloads the projects (as POST /api/reload does) instead of ending the process.
            var catalog = engine.Actors!.Catalog;
            using var hangUp = PosixSignalRegistration.Create(PosixSignal.SIGHUP, signal =>
            {
                signal.Cancel = true;
                catalog.Tell(new CatalogCommands.Reload("SIGHUP"));
            });

            await stopping;
            say("pit serve: stopping; no new runs start");
            await shutdown.StopTriggersAsync();
            using var drain = new CancellationTokenSource(RequestDrain);
            await app.StopAsync(drain.Token);
        }
        await shutdown.DrainAsync(stopNow);
    }

    /// <summary>The HTTP API: token check (the webhook checks its own), JSON errors for whatever no endpoint answers, the endpoints.</summary>
    private static WebApplication Build(ServeOptions options, ApiBackend backend)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            // No user configuration files to watch, no hosting startup assemblies to load.
            Args = ["--hostBuilder:reloadConfigOnChange=false", $"--{WebHostDefaults.PreventHostingStartupKey}=true"],
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        // pit serve handles SIGTERM and SIGINT itself, in the order ServeShutdown describes.
        builder.Services.AddSingleton<IHostLifetime, SignalFreeLifetime>();
        builder.Services.AddSingleton(backend);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(options.Bind, options.Port);
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = 1024 * 1024;
        });

        var app = builder.Build();
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Pit.Server.Api");
        var token = new ApiToken(options.Workspace.Config.ApiToken, options.Workspace.Config.ApiAuth);
        app.Use((context, next) => ApiErrors.Guard(context, next,
            (ex, request) => log.LogError(ex, "{Method} {Path} failed", request.Method, request.Path)));
        app.Use(async (context, next) =>
        {
            if (WebhookEndpoints.Owns(context.Request.Path) || token.Allows(context.Request)) await next(context);
            else await ApiToken.Refusal().ExecuteAsync(context);
        });
        HealthEndpoints.Map(app);
        DagEndpoints.Map(app);
        OutputEndpoints.Map(app);
        MetricsEndpoints.Map(app);
        ReloadEndpoints.Map(app);
        RunEndpoints.Map(app);
        LogEndpoints.Map(app);
        WebhookEndpoints.Map(app, options.Secrets, new WebhookAttempts(),
            app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Pit.Server.Webhooks"));
        return app;
    }

    /// <summary>Fails fast, before the engine starts and cron fires, when the port is already taken.</summary>
    private static void CheckPortIsFree(ServeOptions options)
    {
        if (options.Port == 0) return;
        var probe = new TcpListener(options.Bind, options.Port);
        try
        {
            probe.Start();
        }
        catch (SocketException ex)
        {
            throw new ServeStartException(
                $"cannot listen on {Url(options.Bind, options.Port)}: {ex.Message} (is another pit serve running? choose another port with --port)", ex);
        }
        finally
        {
            probe.Stop();
        }
    }

    private static string Url(IPAddress address, int port) => $"http://{new IPEndPoint(address, port)}";

    /// <summary>The host's lifetime without the console one's signal handlers.</summary>
    private sealed class SignalFreeLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
