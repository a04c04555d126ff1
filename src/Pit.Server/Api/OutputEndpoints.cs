using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Pit.Core.Outputs;

namespace Pit.Server.Api;

/// <summary><c>GET /api/outputs?project=&amp;type=&amp;location=</c>: what every project declares it produces, as <c>pit outputs</c> lists it.</summary>
public sealed record OutputList(IReadOnlyList<OutputItem> Outputs);

public sealed record OutputItem(
    string Project,
    string Name,
    string Type,
    string? Location,
    IReadOnlyList<string> Recipients,
    IReadOnlyDictionary<string, string> Metadata);

public static class OutputEndpoints
{
    public static void Map(IEndpointRouteBuilder api) => api.MapGet("/api/outputs", List);

    /// <param name="location">A glob (<c>*</c> and <c>?</c>), e.g. <c>warehouse.*</c>.</param>
    private static IResult List(ApiBackend api, string? project, string? type, string? location)
    {
        var filter = new OutputFilter(project, type, location);
        var outputs = OutputRegistry.From(api.Workspace).Where(filter.Matches)
            .Select(e => new OutputItem(e.Project, e.Output.Name, e.Output.Type, e.Output.Location, e.Output.Recipients, e.Output.Metadata))
            .ToList();
        return Results.Json(new OutputList(outputs), ApiJson.Readable.OutputList);
    }
}
