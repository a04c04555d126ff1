using Akka.TestKit.Xunit2;
using Pit.Core.Secrets;
using Pit.Core.Validation;
using Pit.Engine.Actors;
using Pit.Engine.Protocol;
using Pit.Engine.Sdk;

namespace Pit.Engine.Tests.Actors;

public sealed class SecretsVaultActorSpecs : TestKit
{
    [Fact]
    public void It_resolves_for_the_callers_project_and_sends_the_access_to_the_run_by_run_id()
    {
        var secrets = SecretsFileReader.Parse("/s.toml", "[claims]\nclaims_db = \"c\"\n[billing]\nbilling_db = \"b\"\n", new ConfigErrorList())!;
        var runs = CreateTestProbe();
        var vault = Sys.ActorOf(SecretsVaultActor.Props(secrets, runs.Ref));
        var caller = new SdkCaller("20261125_100000.000_claims", "claims", "load", 2);

        vault.Tell(new SecretsVaultActor.Resolve(caller, "claims_db"), TestActor);
        Assert.Equal("c", Assert.IsType<Secret.Plain>(ExpectMsg<SecretLookup>().Secret).Value);
        Assert.Equal(new DagRunCommands.RecordSecretAccess(caller.RunId, "load", 2, "claims_db", true), runs.ExpectMsg<DagRunCommands.RecordSecretAccess>());

        vault.Tell(new SecretsVaultActor.Resolve(caller, "billing_db"), TestActor);
        Assert.False(ExpectMsg<SecretLookup>().Found);
        Assert.False(runs.ExpectMsg<DagRunCommands.RecordSecretAccess>().Found);
    }
}
