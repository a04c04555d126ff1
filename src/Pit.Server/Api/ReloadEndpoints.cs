using Akka.Actor;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Pit.Engine.Protocol;

namespace Pit.Server.Api;

/// <summary>
/// <c>POST /api/reload</c>: the catalog reads every pit.toml again and swaps in what validates; a
/// project that does not keeps its last valid version (200 either way: the service goes on).
/// </summary>
public sealed record ReloadReport(int Dags, IReadOnlyList<string> Errors, DateTime At);

public static class ReloadEndpoints
{
    public static void Map(IEndpointRouteBuilder api) => api.MapPost("/api/reload", ReloadAsync);

    private static async Task<IResult> ReloadAsync(ApiBackend api, CancellationToken cancel)
    {
        var reloaded = await api.Catalog.Ask<CatalogCommands.Reloaded>(new CatalogCommands.Reload("POST /api/reload"), ApiBackend.QueryTimeout, cancel);
        return Results.Json(new ReloadReport(reloaded.Dags, reloaded.Errors, reloaded.At.UtcDateTime), ApiJson.Readable.ReloadReport);
    }
}
