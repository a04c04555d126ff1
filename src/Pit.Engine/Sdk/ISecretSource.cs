using Pit.Core.Secrets;

namespace Pit.Engine.Sdk;

/// <summary>Where the SDK socket resolves secrets, each lookup recorded for the audit.</summary>
public interface ISecretSource
{
    Task<SecretLookup> ResolveAsync(SdkCaller caller, string key);
}

/// <summary>Straight from a secrets file, reporting each lookup to <paramref name="audit"/> (a run without the engine's vault; specs).</summary>
public sealed class FileSecretSource(SecretsFile secrets, Action<SdkCaller, string, bool> audit) : ISecretSource
{
    public Task<SecretLookup> ResolveAsync(SdkCaller caller, string key)
    {
        var lookup = secrets.Resolve(caller.Dag, key);
        audit(caller, key, lookup.Found);
        return Task.FromResult(lookup);
    }
}
