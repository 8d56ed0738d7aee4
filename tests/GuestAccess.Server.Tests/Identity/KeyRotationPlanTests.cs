using GuestAccess.Server.Identity.TokenService.Keys;
using GuestAccess.Server.Identity.TokenService.Model;

namespace GuestAccess.Server.Tests.Identity;

public sealed class KeyRotationPlanTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(30);
    private static readonly TimeSpan Announce = TimeSpan.FromDays(2);
    private static readonly TimeSpan Retention = TimeSpan.FromMinutes(11);

    [Fact]
    public void Decide_NoKeys_CreatesOneThatSignsAtOnce()
    {
        var plan = KeyRotationPlan.Decide([], T0, Lifetime, Announce, Retention);

        Assert.Equal(new KeyWindow(T0, T0 + Lifetime, T0 + Lifetime + Retention), plan.Create);
        Assert.Empty(plan.Delete);
    }

    [Fact]
    public void Decide_ActiveKeyFarFromRetirement_NothingToDo()
    {
        var plan = KeyRotationPlan.Decide([Key("a", T0)], T0 + TimeSpan.FromDays(10), Lifetime, Announce, Retention);

        Assert.Null(plan.Create);
        Assert.Empty(plan.Delete);
    }

    [Fact]
    public void Decide_WithinTheAnnouncementPeriod_PublishesTheSuccessorStartingAtTheHandOver()
    {
        var plan = KeyRotationPlan.Decide([Key("a", T0)], T0 + Lifetime - TimeSpan.FromDays(1), Lifetime, Announce, Retention);

        Assert.Equal(T0 + Lifetime, plan.Create!.ActivatesAt);
        Assert.Equal(T0 + Lifetime + Lifetime, plan.Create.RetiresAt);
    }

    [Fact]
    public void Decide_SuccessorAlreadyAnnounced_DoesNotCreateAnother()
    {
        var plan = KeyRotationPlan.Decide([Key("a", T0), Key("b", T0 + Lifetime)], T0 + Lifetime - TimeSpan.FromDays(1), Lifetime, Announce, Retention);

        Assert.Null(plan.Create);
    }

    [Fact]
    public void Decide_RetiredKey_StaysPublishedUntilItsTokensExpire_ThenDropped()
    {
        var keys = new[] { Key("a", T0), Key("b", T0 + Lifetime) };

        var justRetired = KeyRotationPlan.Decide(keys, T0 + Lifetime + TimeSpan.FromMinutes(5), Lifetime, Announce, Retention);
        var later = KeyRotationPlan.Decide(keys, T0 + Lifetime + Retention, Lifetime, Announce, Retention);

        Assert.Empty(justRetired.Delete);
        Assert.Equal(["a"], later.Delete);
    }

    [Fact]
    public void Decide_ServerWasOffPastEveryKey_CreatesAKeyThatSignsNow()
    {
        var now = T0 + TimeSpan.FromDays(100);

        var plan = KeyRotationPlan.Decide([Key("a", T0)], now, Lifetime, Announce, Retention);

        Assert.Equal(now, plan.Create!.ActivatesAt);
        Assert.Equal(["a"], plan.Delete);
    }

    private static SigningKey Key(string id, DateTimeOffset activates) =>
        new(id, "ES256", "protected", "{}", activates, activates, activates + Lifetime, activates + Lifetime + Retention);
}
