using Pit.Core.Time;

namespace Pit.Core.Tests.Time;

public class TimeZonesSpecs
{
    [Theory]
    [InlineData("Europe/London")]
    [InlineData("America/New_York")]
    [InlineData("UTC")]
    public void Finds_iana_ids(string id)
    {
        Assert.True(TimeZones.TryFind(id, out var zone));
        Assert.NotNull(zone);
    }

    [Fact]
    public void An_unknown_id_is_not_found()
    {
        Assert.False(TimeZones.TryFind("Mars/Olympus_Mons", out _));
    }

    [Fact]
    public void Local_is_the_machine_zone()
    {
        Assert.Equal(TimeZoneInfo.Local.Id, TimeZones.Local.Id);
    }
}
