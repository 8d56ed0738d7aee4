using GuestAccess.Domain.Entries;
using GuestAccess.Server.Entries;

namespace GuestAccess.Server.Tests.Entries;

public sealed class EntryRecordsTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 21, 18, 0, 0, TimeSpan.Zero);
    private static readonly LockInfo Lock = new(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), "dokk1-lille-sal-doer");

    public static TheoryData<LockEventData, string> Invalid => new()
    {
        { new LockEventData(0, At, LockEventKind.Tamper), "invalid_sequence" },
        { new LockEventData(1, At, (LockEventKind)99), "invalid_event" },
        { new LockEventData(1, At, LockEventKind.EntryAttempt) { Method = EntryMethod.Pin }, "invalid_event" },
        { new LockEventData(1, At, LockEventKind.EntryAttempt) { Outcome = EntryOutcome.Denied, Method = EntryMethod.Pin }, "invalid_event" },
        { new LockEventData(1, At, LockEventKind.EntryAttempt) { Outcome = EntryOutcome.Granted, Method = EntryMethod.Pin, DenialReason = DenialReason.Expired }, "invalid_event" },
        { new LockEventData(1, At, LockEventKind.Tamper) { Outcome = EntryOutcome.Granted }, "invalid_event" },
        { new LockEventData(1, At, LockEventKind.BatteryLow) { BatteryPercent = 101 }, "invalid_event" },
        { new LockEventData(1, At, LockEventKind.EventsDropped) { DroppedCount = 0 }, "invalid_event" },
        { new LockEventData(1, At, LockEventKind.CommandRejected) { CommandId = "cmd\n1" }, "invalid_event" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Validate_InvalidEvent_IsRejectedWithCode(LockEventData e, string code)
    {
        Assert.Equal(code, EntryRecords.Validate(e)?.Code);
    }

    [Fact]
    public void Prepare_DeniedEntryWithGrant_KeepsPersonalIdsOutOfTheChainedData()
    {
        var grant = Guid.NewGuid();
        var credential = Guid.NewGuid();
        var e = new LockEventData(7, At, LockEventKind.EntryAttempt)
        {
            Outcome = EntryOutcome.Denied,
            Method = EntryMethod.MobileKey,
            DenialReason = DenialReason.Revoked,
            GrantId = grant,
            CredentialId = credential,
            Door = "dokk1-lille-sal-doer",
        };

        Assert.Null(EntryRecords.Validate(e));
        var pending = EntryRecords.Prepare(Lock, e, "citizen:44444444-4444-4444-4444-444444444444");

        Assert.Equal("entry.denied", pending.Record.Action);
        Assert.Equal($"lock-event:{Lock.Id:D}:7", pending.Record.Subject);
        Assert.Equal(
            $$"""{"lock":"{{Lock.Id:D}}","seq":7,"kind":"entry_attempt","occurredAt":"2026-11-21T18:00:00.000000Z","method":"mobile_key","reason":"revoked"}""",
            pending.Record.Data);
        Assert.DoesNotContain(grant.ToString("D"), pending.Record.Data);
        Assert.Equal($$"""{"grant":"{{grant:D}}","credential":"{{credential:D}}"}""", pending.Record.Personal!.Data);
        Assert.Equal("citizen:44444444-4444-4444-4444-444444444444", pending.Record.Personal.Holder);
        Assert.Null(pending.Details);
    }

    [Fact]
    public void Prepare_AlarmFromAnotherDoor_KeepsTheReportedDoorInTheDetails()
    {
        var e = new LockEventData(3, At, LockEventKind.BatteryLow) { BatteryPercent = 14, Door = "somewhere-else" };

        var pending = EntryRecords.Prepare(Lock, e, null);

        Assert.Equal("lock.battery_low", pending.Record.Action);
        Assert.Null(pending.Record.Personal);
        Assert.Equal("""{"batteryPercent":14,"reportedDoor":"somewhere-else"}""", pending.Details);
    }
}
