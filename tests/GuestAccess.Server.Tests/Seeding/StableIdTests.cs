using GuestAccess.Server.Seeding;

namespace GuestAccess.Server.Tests.Seeding;

public sealed class StableIdTests
{
    [Fact]
    public void For_SameInput_SameVersion5Uuid()
    {
        var a = StableId.For("site", "dokk1");

        Assert.Equal(a, StableId.For("site", "dokk1"));
        Assert.Equal(5, a.Version);
        Assert.Equal(0b10, a.Variant >> 2);
    }

    [Fact]
    public void For_DifferentKindOrSlug_Differs()
    {
        Assert.NotEqual(StableId.For("site", "dokk1"), StableId.For("door", "dokk1"));
        Assert.NotEqual(StableId.For("site", "dokk1"), StableId.For("site", "aaby"));
    }
}
