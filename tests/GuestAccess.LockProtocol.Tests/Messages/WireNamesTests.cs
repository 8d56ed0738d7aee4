using GuestAccess.LockProtocol.Messages;
using GuestAccess.LockProtocol.Schedules;
using GuestAccess.LockProtocol.Serialization;
using GuestAccess.LockProtocol.Signing;
using GuestAccess.LockProtocol.Tests.Support;

namespace GuestAccess.LockProtocol.Tests.Messages;

public sealed class WireNamesTests
{
    [Fact]
    public void EveryProtocolEnumValue_HasAUniqueSnakeCaseWireNameThatRoundTrips()
    {
        AssertNames<CommandRejectReason>();
        AssertNames<EventKind>();
        AssertNames<EntryOutcome>();
        AssertNames<EntryMethod>();
        AssertNames<DenialReason>();
        AssertNames<LockState>();
        AssertNames<ProtocolErrorCode>();
        AssertNames<Weekday>();
    }

    [Fact]
    public void ClockCounterSource_WallClockStepsBack_StillIncreases()
    {
        var time = new FixedTimeProvider(Fixtures.Now);
        var source = new ClockCommandCounterSource(time);
        var first = source.Next(Fixtures.Lock);
        time.Now = Fixtures.Now.AddHours(-1);

        Assert.Equal(first + 1, source.Next(Fixtures.Lock));
    }

    private static void AssertNames<TEnum>()
        where TEnum : struct, Enum
    {
        var names = Enum.GetValues<TEnum>().Select(v => WireNames.Of(v)).ToList();
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        foreach (var value in Enum.GetValues<TEnum>())
        {
            var name = WireNames.Of(value);
            Assert.Matches("^[a-z]+(_[a-z]+)*$", name);
            Assert.True(WireNames.TryParse<TEnum>(name, out var back));
            Assert.Equal(value, back);
        }

        Assert.False(WireNames.TryParse<TEnum>("Not_A_Name", out _));
    }
}
