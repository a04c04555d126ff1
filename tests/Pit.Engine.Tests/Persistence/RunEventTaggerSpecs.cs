using Akka.Persistence.Journal;
using Pit.Engine.Persistence;
using Pit.Engine.Protocol;

namespace Pit.Engine.Tests.Persistence;

public sealed class RunEventTaggerSpecs
{
    private readonly RunEventTagger _tagger = new();

    [Fact]
    public void Every_run_event_is_tagged_run_and_its_dag_taken_from_the_run_id()
    {
        foreach (var evt in SampleEvents.EveryType("20250314_093000.125_claims_pipeline"))
        {
            var tagged = Assert.IsType<Tagged>(_tagger.ToJournal(evt));

            Assert.Same(evt, tagged.Payload);
            string[] expected = evt is RunEvents.SecretAccessed ? ["dag:claims_pipeline", "run", "secret-access"] : ["dag:claims_pipeline", "run"];
            Assert.Equal(expected, tagged.Tags.Order());
        }
    }

    [Fact]
    public void Run_created_uses_its_dag_field()
    {
        var created = new RunEvents.RunCreated("20250314_093000.125_a_b", "a_b", "manual", "h", [], SampleEvents.T0);

        Assert.Contains("dag:a_b", Assert.IsType<Tagged>(_tagger.ToJournal(created)).Tags);
    }

    [Fact]
    public void A_run_event_with_a_malformed_run_id_fails_naming_it()
    {
        var evt = new RunEvents.TaskStarted("r1", "t", 1, null, SampleEvents.T0);

        var error = Assert.Throws<FormatException>(() => _tagger.ToJournal(evt));
        Assert.Contains("'r1'", error.Message);
    }

    [Fact]
    public void Anything_else_passes_untagged()
    {
        Assert.Equal("x", _tagger.ToJournal("x"));
    }
}
