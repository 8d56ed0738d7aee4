using GuestAccess.FirmwareSim.Device;
using GuestAccess.FirmwareSim.Tests.Support;
using GuestAccess.LockProtocol.Credentials;
using GuestAccess.LockProtocol.Messages;
using GuestAccess.LockProtocol.Schedules;
using GuestAccess.LockProtocol.Signing;
using GuestAccess.LockProtocol.Topics;

namespace GuestAccess.FirmwareSim.Tests.Locks;

/// <summary>The offline entry rules of docs section 8, decided by the lock with its own clock.</summary>
public sealed class EntryRuleTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.UtcNow.AddHours(2);
    private static readonly DateTimeOffset End = Start.AddHours(3);

    [Fact]
    public async Task Pin_BeforeInsideAndAfterItsWindow_IsDeniedGrantedDenied()
    {
        await using var sim = await SimHarness.StartAsync();
        await sim.Server.SendAndReplyAsync(Credentials.Delta(sim.Server, sim.LockId, 0, 1, [Credentials.Pin("48213957", "cred-1", Start, End)]));

        var before = await sim.Lock.EnterPinAsync("48213957");
        sim.Lock.Clock.Set(Start);
        var atStart = await sim.Lock.EnterPinAsync("48213957");
        sim.Lock.Clock.Set(End.AddSeconds(-1));
        var lastSecond = await sim.Lock.EnterPinAsync("48213957");
        sim.Lock.Clock.Set(End);
        var atEnd = await sim.Lock.EnterPinAsync("48213957");

        Assert.Equal(DenialReason.NotYetValid, before.Reason);
        Assert.True(atStart.IsGranted);
        Assert.True(lastSecond.IsGranted);
        Assert.Equal(DenialReason.Expired, atEnd.Reason);
        Assert.Equal("cred-1", atEnd.CredentialId);
    }

    [Fact]
    public async Task Pin_OutsideItsWeeklySchedule_IsDeniedAndDoesNotCountAsAFailure()
    {
        await using var sim = await SimHarness.StartAsync();
        var schedule = WeeklySchedule.Create("Europe/Copenhagen", [new ScheduleWindow { Days = [Weekday.Monday], From = ClockTime.Parse("18:00"), To = ClockTime.Parse("22:00") }]);
        var monday = new DateTimeOffset(2030, 6, 3, 0, 0, 0, TimeSpan.Zero);
        await sim.Server.SendAndReplyAsync(Credentials.Delta(sim.Server, sim.LockId, 0, 1, [Credentials.Pin("48213957", "cred-1", monday.AddDays(-7), monday.AddDays(7), schedule)]));

        sim.Lock.Clock.Set(monday.AddHours(17)); // 19:00 in Copenhagen (CEST)
        var inside = await sim.Lock.EnterPinAsync("48213957");
        var outside = new List<EntryResult>();
        for (var i = 0; i < 6; i++)
        {
            sim.Lock.Clock.Set(monday.AddDays(1).AddHours(17)); // Tuesday 19:00
            outside.Add(await sim.Lock.EnterPinAsync("48213957"));
        }

        Assert.True(inside.IsGranted);
        Assert.All(outside, o => Assert.Equal(DenialReason.OutsideSchedule, o.Reason));
        Assert.False(sim.Lock.Snapshot().KeypadLockedOut);
    }

    [Fact]
    public async Task WrongPin_FiveTimes_LocksTheKeypadForFiveMinutesEvenForTheRightPin()
    {
        await using var sim = await SimHarness.StartAsync();
        await sim.Server.SendAndReplyAsync(Credentials.Delta(sim.Server, sim.LockId, 0, 1, [Credentials.ValidPin("48213957", "cred-1")]));

        var wrong = new List<EntryResult>();
        for (var i = 0; i < 5; i++)
        {
            wrong.Add(await sim.Lock.EnterPinAsync("11112223"));
        }

        var right = await sim.Lock.EnterPinAsync("48213957");
        sim.Lock.Clock.Skew = TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(2);
        var later = await sim.Lock.EnterPinAsync("48213957");

        Assert.All(wrong, w => Assert.Equal(DenialReason.WrongPin, w.Reason));
        Assert.Equal(DenialReason.LockedOut, right.Reason);
        Assert.True(later.IsGranted, $"after the lockout: {later}");
        var events = await sim.Server.WaitUntilEventsAsync(sim.LockId, 1 + 7);
        Assert.Equal([DenialReason.WrongPin, DenialReason.WrongPin, DenialReason.WrongPin, DenialReason.WrongPin, DenialReason.WrongPin, DenialReason.LockedOut, null], events.Where(e => e.Kind == EventKind.EntryAttempt).Select(e => e.Reason));
        Assert.All(events.Where(e => e.Reason == DenialReason.WrongPin), e => Assert.Null(e.CredentialId));
    }

    [Fact]
    public async Task MobileKey_WhileOffline_IsAcceptedOnItsSignatureAndRefusedOnceRevoked()
    {
        await using var sim = await SimHarness.StartAsync();
        var issuer = new MobileKeyIssuer(sim.Server.Key);
        var token = issuer.Issue(Key("cred-key-1", [sim.LockId]));
        await sim.Lock.GoOfflineAsync();

        var offline = await sim.Lock.PresentMobileKeyAsync(token);
        await sim.Lock.GoOnlineAsync();
        await sim.Server.SendAndReplyAsync(Credentials.Delta(sim.Server, sim.LockId, 0, 1, revocations: [new RevocationEntry { CredentialId = "cred-key-1", Until = DateTimeOffset.UtcNow.AddDays(1) }]));
        await sim.Lock.GoOfflineAsync();
        var revoked = await sim.Lock.PresentMobileKeyAsync(token);

        Assert.True(offline.IsGranted);
        Assert.Equal(("cred-key-1", "grant-cred-key-1"), (offline.CredentialId, offline.GrantId));
        Assert.Equal(DenialReason.Revoked, revoked.Reason);
        sim.Logs.AssertNeverLogged(token);
    }

    [Fact]
    public async Task MobileKey_ForgedForgottenOrForAnotherDoor_IsRefusedWithItsReason()
    {
        await using var sim = await SimHarness.StartAsync();
        using var attacker = SigningKey.Generate(sim.Server.Key.KeyId);
        using var stranger = SigningKey.Generate("unknown-kid");
        var otherDoor = new MobileKeyIssuer(sim.Server.Key).Issue(Key("cred-key-2", [LockId.Parse("some-other-lock")]));

        var forged = await sim.Lock.PresentMobileKeyAsync(new MobileKeyIssuer(attacker).Issue(Key("cred-key-3", [sim.LockId])));
        var unknown = await sim.Lock.PresentMobileKeyAsync(new MobileKeyIssuer(stranger).Issue(Key("cred-key-4", [sim.LockId])));
        var wrongDoor = await sim.Lock.PresentMobileKeyAsync(otherDoor);
        var garbage = await sim.Lock.PresentMobileKeyAsync("not.a.token");

        Assert.Equal(DenialReason.InvalidCredential, forged.Reason);
        Assert.Equal(DenialReason.UnknownCredential, unknown.Reason);
        Assert.Null(unknown.CredentialId);
        Assert.Equal(DenialReason.WrongDoor, wrongDoor.Reason);
        Assert.Equal(DenialReason.InvalidCredential, garbage.Reason);
    }

    [Fact]
    public async Task Lockdown_RefusesPinsAndKeys_RemoteUnlockStillWorks_AndSyncLiftsIt()
    {
        await using var sim = await SimHarness.StartAsync();
        var pin = Credentials.ValidPin("48213957", "cred-1");
        var token = new MobileKeyIssuer(sim.Server.Key).Issue(Key("cred-key-1", [sim.LockId]));
        await sim.Server.SendAndReplyAsync(Credentials.Delta(sim.Server, sim.LockId, 0, 1, [pin]));

        var lockdown = await sim.Server.SendAndReplyAsync(new Lockdown { CommandId = sim.Server.NextCommandId(), Lock = sim.LockId, Version = 2, Reason = "Brand i bygningen" });
        var pinInLockdown = await sim.Lock.EnterPinAsync("48213957");
        var keyInLockdown = await sim.Lock.PresentMobileKeyAsync(token);
        var unlock = await sim.Server.SendAndReplyAsync(new RemoteUnlock { CommandId = sim.Server.NextCommandId(), Lock = sim.LockId, DurationSeconds = 5, Reason = "Redningsberedskab" });
        var released = sim.Lock.Snapshot().DoorReleased;
        await sim.Server.SendAndReplyAsync(Credentials.Sync(sim.Server, sim.LockId, 3, [pin]));
        var afterSync = await sim.Lock.EnterPinAsync("48213957");

        Assert.Equal(2, Assert.IsType<CommandAck>(lockdown).AppliedVersion);
        Assert.Equal(DenialReason.Lockdown, pinInLockdown.Reason);
        Assert.Equal(DenialReason.Lockdown, keyInLockdown.Reason);
        Assert.IsType<CommandAck>(unlock);
        Assert.True(released);
        Assert.True(afterSync.IsGranted);
        var remote = await sim.Server.WaitForEventAsync(sim.LockId, e => e.Method == EntryMethod.RemoteUnlock, "the remote unlock entry");
        Assert.Equal(unlock.CommandId, remote.CommandId);
    }

    private static MobileKeyClaims Key(string id, IReadOnlyList<LockId> locks) => new()
    {
        Issuer = "guestaccess",
        CredentialId = id,
        GrantId = "grant-" + id,
        Holder = "h-7f3a9c",
        Locks = locks,
        NotBefore = DateTimeOffset.UtcNow.AddHours(-1),
        NotAfter = DateTimeOffset.UtcNow.AddDays(1),
    };
}
