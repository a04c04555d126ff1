namespace Pit.Engine.Sdk;

/// <summary>The run's context as the SDK sees it: read from the run's latest state, written through the run (persisted first).</summary>
public interface IRunContext
{
    /// <summary>The JSON text of <paramref name="key"/>, if set.</summary>
    bool TryGet(string key, out string json);

    /// <summary>Sets <paramref name="key"/> to <paramref name="json"/>; completes once the change is in the journal.</summary>
    Task SetAsync(SdkCaller caller, string key, string json);
}
