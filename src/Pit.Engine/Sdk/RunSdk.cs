using Akka.Streams;
using Pit.Engine.Streams;

namespace Pit.Engine.Sdk;

/// <summary>
/// One run's side of the SDK: its socket, the tokens of its task attempts, and the redactor of
/// the secret values its tasks have resolved. Disposing it closes the socket and removes its folder.
/// </summary>
public sealed class RunSdk : IDisposable
{
    private readonly SdkSocketServer _server;

    /// <param name="data">The run's data folder and workspace, for the data methods; null leaves them out.</param>
    /// <param name="parameters">The trigger's parameters, for <c>get_param</c>.</param>
    public RunSdk(string runId, ISecretSource secrets, IMaterializer materializer, IRunContext context, SdkData? data = null,
        IReadOnlyDictionary<string, string>? parameters = null)
    {
        RunId = runId;
        var dataMethods = data is null ? null : new SdkDataMethods(data, secrets, Redactor);
        var methods = new SdkMethods(secrets, Redactor, context, dataMethods) { Parameters = parameters ?? new Dictionary<string, string>() };
        _server = SdkSocketServer.Start(new SdkProtocol(Tokens, methods), materializer);
    }

    public string RunId { get; }

    public SdkTokens Tokens { get; } = new();

    public Redactor Redactor { get; } = new();

    /// <summary>The socket's path (<c>PIT_SOCKET</c>).</summary>
    public string SocketPath => _server.Path;

    /// <summary><c>PIT_SOCKET</c> and a fresh <c>PIT_TOKEN</c> for one task attempt.</summary>
    public IReadOnlyDictionary<string, string> EnvironmentFor(string dag, string task, int attempt) => new Dictionary<string, string>
    {
        ["PIT_SOCKET"] = SocketPath,
        ["PIT_TOKEN"] = Tokens.Issue(new SdkCaller(RunId, dag, task, attempt)),
    };

    public void Dispose() => _server.Dispose();
}
