using Akka.TestKit.Xunit2;
using Pit.Core.Secrets;
using Pit.Core.Validation;
using Pit.Engine.Actors;
using Pit.Engine.Protocol;
using Pit.Engine.Sdk;

namespace Pit.Engine.Tests.Actors;

public sealed class SecretsVaultActorSpecs : TestKit
{
    private static readonly SdkCaller Caller = new("20261125_100000.000_claims", "claims", "load", 2);

    private (Akka.Actor.IActorRef Vault, Akka.TestKit.TestProbe Runs) Vault()
    {
        var secrets = SecretsFileReader.Parse("/s.toml", "[claims]\nclaims_db = \"c\"\n[billing]\nbilling_db = \"b\"\n", new ConfigErrorList())!;
        var runs = CreateTestProbe();
        return (Sys.ActorOf(SecretsVaultActor.Props(secrets, Sys.ActorSelection(runs.Ref.Path))), runs);
    }

    [Fact]
    public void It_answers_for_the_callers_project_only_once_the_run_has_recorded_the_access()
    {
        var (vault, runs) = Vault();

        vault.Tell(new SecretsVaultActor.Resolve(Caller, "claims_db"), TestActor);
        Assert.Equal(new DagRunCommands.RecordSecretAccess(Caller.RunId, "load", 2, "claims_db", true), runs.ExpectMsg<DagRunCommands.RecordSecretAccess>());
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        runs.Reply(new DagRunCommands.SecretAccessRecorded(Caller.RunId));
        Assert.Equal("c", Assert.IsType<Secret.Plain>(ExpectMsg<SecretLookup>().Secret).Value);

        vault.Tell(new SecretsVaultActor.Resolve(Caller, "billing_db"), TestActor);
        Assert.False(runs.ExpectMsg<DagRunCommands.RecordSecretAccess>().Found);
        runs.Reply(new DagRunCommands.SecretAccessRecorded(Caller.RunId));
        Assert.False(ExpectMsg<SecretLookup>().Found);
    }

    [Fact]
    public void A_lookup_the_run_cannot_record_is_refused()
    {
        var (vault, runs) = Vault();

        vault.Tell(new SecretsVaultActor.Resolve(Caller, "claims_db"), TestActor);
        runs.ExpectMsg<DagRunCommands.RecordSecretAccess>();
        runs.Reply(new DagRunCommands.RunNotFound(Caller.RunId));

        var lookup = ExpectMsg<SecretLookup>();
        Assert.Null(lookup.Secret);
        Assert.Contains("could not be recorded", lookup.Error);
    }
}
