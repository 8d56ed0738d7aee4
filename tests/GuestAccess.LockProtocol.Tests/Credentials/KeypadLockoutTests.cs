using GuestAccess.LockProtocol.Credentials;
using GuestAccess.LockProtocol.Tests.Support;

namespace GuestAccess.LockProtocol.Tests.Credentials;

public sealed class KeypadLockoutTests
{
    private static readonly KeypadLockoutPolicy Policy = KeypadLockoutPolicy.Default;

    [Fact]
    public void FiveFailuresWithinFiveMinutes_LockForFiveMinutes()
    {
        var state = KeypadLockout.Initial;
        for (var i = 0; i < 4; i++)
        {
            state = state.WithFailure(Fixtures.Now.AddSeconds(i * 60), Policy);
            Assert.False(state.IsLockedOut(Fixtures.Now.AddSeconds(i * 60)));
        }

        state = state.WithFailure(Fixtures.Now.AddSeconds(299), Policy);

        Assert.True(state.IsLockedOut(Fixtures.Now.AddSeconds(299)));
        Assert.True(state.IsLockedOut(Fixtures.Now.AddSeconds(299 + 299)));
        Assert.False(state.IsLockedOut(Fixtures.Now.AddSeconds(299 + 300)));
    }

    [Fact]
    public void FailuresSpreadOverMoreThanTheWindow_DoNotLock()
    {
        var state = KeypadLockout.Initial;
        for (var i = 0; i < 10; i++)
        {
            state = state.WithFailure(Fixtures.Now.AddSeconds(i * 80), Policy);
        }

        Assert.False(state.IsLockedOut(Fixtures.Now.AddSeconds(800)));
    }

    [Fact]
    public void AttemptsDuringLockout_DoNotExtendIt()
    {
        var state = KeypadLockout.Initial;
        for (var i = 0; i < 5; i++)
        {
            state = state.WithFailure(Fixtures.Now, Policy);
        }

        var during = state.WithFailure(Fixtures.Now.AddMinutes(4), Policy);
        Assert.Same(state, during);
        Assert.False(during.IsLockedOut(Fixtures.Now.AddMinutes(5)));
    }

    [Fact]
    public void Success_ClearsFailures()
    {
        var state = KeypadLockout.Initial;
        for (var i = 0; i < 4; i++)
        {
            state = state.WithFailure(Fixtures.Now, Policy);
        }

        state = state.WithSuccess().WithFailure(Fixtures.Now, Policy);
        Assert.Single(state.RecentFailures);
    }
}
