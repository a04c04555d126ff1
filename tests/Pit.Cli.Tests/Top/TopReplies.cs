using System.Text.Json.Nodes;
using Pit.Cli.Top;

namespace Pit.Cli.Tests.Top;

/// <summary>Replies of the control channel shaped as the contract says, for the view's specs.</summary>
public static class TopReplies
{
    public static readonly DateTimeOffset Now = new(2025, 3, 14, 9, 30, 20, TimeSpan.Zero);

    public const string ActiveRun = "20250314_093000.125_claims_pipeline";
    public const string FailedRun = "20250314_080000.000_nightly_export";
    public const string TimedOutRun = "20250313_220000.000_nightly_export";

    public static JsonNode DagLs() => JsonNode.Parse("""
        [
          {"dag":"claims_pipeline","schedule":"*/30 * * * *","next_fire":"2025-03-14T10:00:00Z","paused":false,"active_runs":1,"queued":2,"last_run":"20250314_093000.125_claims_pipeline","last_state":"running"},
          {"dag":"nightly_export","schedule":"0 2 * * *","next_fire":"2025-03-15T02:00:00Z","paused":true,"active_runs":0,"queued":0,"last_run":"20250314_080000.000_nightly_export","last_state":"failed"},
          {"dag":"adhoc","schedule":null,"next_fire":null,"paused":false,"active_runs":0,"queued":0,"last_run":null,"last_state":null}
        ]
        """)!;

    public static JsonNode Running() => JsonNode.Parse($$"""
        [{"run_id":"{{ActiveRun}}","dag":"claims_pipeline","state":"running","trigger":"schedule","started":"2025-03-14T09:30:00.125Z","duration_seconds":null,"tasks_done":2,"tasks_total":4}]
        """)!;

    public static JsonNode Recent() => JsonNode.Parse($$"""
        [
          {"run_id":"{{ActiveRun}}","dag":"claims_pipeline","state":"running","trigger":"schedule","started":"2025-03-14T09:30:00.125Z","duration_seconds":null,"tasks_done":2,"tasks_total":4},
          {"run_id":"20250314_090000.000_claims_pipeline","dag":"claims_pipeline","state":"success","trigger":"schedule","started":"2025-03-14T09:00:00Z","duration_seconds":61.5,"tasks_done":4,"tasks_total":4},
          {"run_id":"{{FailedRun}}","dag":"nightly_export","state":"failed","trigger":"cli","started":"2025-03-14T08:00:00Z","duration_seconds":12.25,"tasks_done":1,"tasks_total":3},
          {"run_id":"20250314_070000.000_adhoc","dag":"adhoc","state":"cancelled","trigger":"api","started":"2025-03-14T07:00:00Z","duration_seconds":3,"tasks_done":0,"tasks_total":1},
          {"run_id":"{{TimedOutRun}}","dag":"nightly_export","state":"timed_out","trigger":"schedule","started":"2025-03-13T22:00:00Z","duration_seconds":3600,"tasks_done":2,"tasks_total":3}
        ]
        """)!;

    public static JsonNode RunShow() => JsonNode.Parse($$"""
        {"run_id":"{{ActiveRun}}","dag":"claims_pipeline","state":"running","trigger":"schedule","started":"2025-03-14T09:30:00.125Z","finished":null,"duration_seconds":null,
         "tasks":[
           {"name":"extract","state":"success","attempts":1,"duration_seconds":4.5,"exit_code":0},
           {"name":"validate","state":"success","attempts":2,"duration_seconds":1.25,"exit_code":0},
           {"name":"load_claims","state":"running","attempts":1,"duration_seconds":null,"exit_code":null},
           {"name":"report","state":"pending","attempts":0,"duration_seconds":null,"exit_code":null}
         ]}
        """)!;

    /// <summary>The snapshot of these replies, with the active run's tasks.</summary>
    public static TopSnapshot Snapshot() =>
        TopSnapshot.Of(DagLs(), Running(), Recent(), Now).WithSelected(RunDetail.From(RunShow()));
}
