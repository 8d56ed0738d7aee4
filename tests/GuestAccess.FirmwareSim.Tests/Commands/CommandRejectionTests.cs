using System.Text;
using GuestAccess.FirmwareSim.Tests.Support;
using GuestAccess.LockProtocol.Messages;
using GuestAccess.LockProtocol.Signing;

namespace GuestAccess.FirmwareSim.Tests.Commands;

/// <summary>A lock executes nothing it cannot verify, and reports every refusal twice: as a reply and as an event (docs 5, 6.1).</summary>
public sealed class CommandRejectionTests
{
    [Fact]
    public async Task Command_SignedByAnUntrustedKeyWithTheTrustedKid_IsRejectedBadSignatureAndReported()
    {
        await using var sim = await SimHarness.StartAsync();
        using var forger = SigningKey.Generate(sim.Server.Key.KeyId);
        var forged = new CommandSigner(forger, new ClockCommandCounterSource()).Sign(Unlock(sim));

        await sim.Server.PublishTokenAsync(sim.LockId, forged.Token);

        await AssertRejectedAndReportedAsync(sim, forged.Command.CommandId, CommandRejectReason.BadSignature);
        Assert.False(sim.Lock.Snapshot().DoorReleased);
    }

    [Fact]
    public async Task Command_WithATamperedPayload_IsRejectedBadSignature()
    {
        await using var sim = await SimHarness.StartAsync();
        var signed = sim.Server.Signer.Sign(Unlock(sim) with { DurationSeconds = 5 });
        var parts = signed.Token.Split('.');
        var payload = Encoding.UTF8.GetString(Convert.FromBase64String(Pad(parts[1]))).Replace("\"durationSeconds\":5", "\"durationSeconds\":60", StringComparison.Ordinal);
        var tampered = parts[0] + "." + LockProtocol.Serialization.WireBase64.Encode(Encoding.UTF8.GetBytes(payload)) + "." + parts[2];

        await sim.Server.PublishTokenAsync(sim.LockId, tampered);

        await AssertRejectedAndReportedAsync(sim, signed.Command.CommandId, CommandRejectReason.BadSignature);
    }

    [Fact]
    public async Task Command_WithAnUnknownKeyId_IsRejectedUnknownKey()
    {
        await using var sim = await SimHarness.StartAsync();
        using var stranger = SigningKey.Generate("not-provisioned");
        var signed = new CommandSigner(stranger, new ClockCommandCounterSource()).Sign(Unlock(sim));

        await sim.Server.PublishTokenAsync(sim.LockId, signed.Token);

        await AssertRejectedAndReportedAsync(sim, signed.Command.CommandId, CommandRejectReason.UnknownKey);
    }

    [Fact]
    public async Task Command_ReplayedAfterANewerOne_IsRejectedReplayedCounter()
    {
        await using var sim = await SimHarness.StartAsync();
        var first = await sim.Server.SendAsync(Unlock(sim));
        await sim.Server.WaitForReplyAsync(sim.LockId, first.Command.CommandId);
        var second = await sim.Server.SendAndReplyAsync(Unlock(sim));

        await sim.Server.PublishTokenAsync(sim.LockId, first.Token);

        Assert.IsType<CommandAck>(second);
        await AssertRejectedAndReportedAsync(sim, first.Command.CommandId, CommandRejectReason.ReplayedCounter, occurrence: 2);
        var unlocks = sim.Server.Events(sim.LockId).Count(e => e.Method == EntryMethod.RemoteUnlock);
        Assert.Equal(2, unlocks);
    }

    [Fact]
    public async Task Command_ForAnotherLockOnThisLocksTopic_IsRejectedWrongLock()
    {
        await using var sim = await SimHarness.StartAsync(lockCount: 2);
        var other = sim.Fleet.Locks[1].Id;
        var signed = sim.Server.Signer.Sign(Unlock(sim) with { Lock = other });

        await sim.Server.PublishTokenAsync(sim.LockId, signed.Token);

        await AssertRejectedAndReportedAsync(sim, signed.Command.CommandId, CommandRejectReason.WrongLock);
        Assert.DoesNotContain(sim.Server.Replies(other), r => r.CommandId == signed.Command.CommandId);
    }

    [Fact]
    public async Task Command_PastItsExpiryByTheLockClock_IsRejectedExpired()
    {
        await using var sim = await SimHarness.StartAsync();
        sim.Lock.Clock.Skew = TimeSpan.FromMinutes(10);

        var reply = await sim.Server.SendAndReplyAsync(Unlock(sim), lifetime: TimeSpan.FromMinutes(5));

        Assert.Equal(CommandRejectReason.Expired, Assert.IsType<CommandRejected>(reply).Reason);
        await AssertRejectedAndReportedAsync(sim, reply.CommandId!, CommandRejectReason.Expired);
    }

    [Theory]
    [InlineData("not a token", CommandRejectReason.Malformed)]
    [InlineData("eyJhbGciOiJub25lIiwia2lkIjoieCIsInR5cCI6ImdhLWNtZCtqd3MifQ.eyJ2IjoxfQ.", CommandRejectReason.UnsupportedAlgorithm)]
    public async Task Command_ThatIsNotASignedCommand_IsRejectedWithoutACommandId(string token, CommandRejectReason reason)
    {
        await using var sim = await SimHarness.StartAsync();

        await sim.Server.PublishTokenAsync(sim.LockId, token);

        await AssertRejectedAndReportedAsync(sim, null, reason);
    }

    [Fact]
    public async Task Delta_FromAVersionTheLockIsNotAt_IsRejectedVersionGapAndASyncRepairsIt()
    {
        await using var sim = await SimHarness.StartAsync();

        var gap = await sim.Server.SendAndReplyAsync(Credentials.Delta(sim.Server, sim.LockId, 4, 5, [Credentials.ValidPin("48213957", "cred-1")]));
        var sync = await sim.Server.SendAndReplyAsync(Credentials.Sync(sim.Server, sim.LockId, 5, [Credentials.ValidPin("48213957", "cred-1")]));

        var rejected = Assert.IsType<CommandRejected>(gap);
        Assert.Equal((CommandRejectReason.VersionGap, 0L), (rejected.Reason, rejected.AppliedVersion));
        Assert.Equal(5, Assert.IsType<CommandAck>(sync).AppliedVersion);
        await AssertRejectedAndReportedAsync(sim, gap.CommandId, CommandRejectReason.VersionGap);
        Assert.True((await sim.Lock.EnterPinAsync("48213957")).IsGranted);
    }

    [Fact]
    public async Task Sync_LargerThanTheLockHolds_IsRejectedCapacityExceededAndChangesNothing()
    {
        await using var sim = await SimHarness.StartAsync(configure: o => o with { MaxCredentials = 2 });
        await sim.Server.SendAndReplyAsync(Credentials.Sync(sim.Server, sim.LockId, 1, [Credentials.ValidPin("48213957", "cred-1")]));

        var reply = await sim.Server.SendAndReplyAsync(Credentials.Sync(sim.Server, sim.LockId, 2, [.. Enumerable.Range(1, 3).Select(i => Credentials.ValidPin("4821395" + i, "cred-x" + i))]));

        Assert.Equal((CommandRejectReason.CapacityExceeded, 1L), (Assert.IsType<CommandRejected>(reply).Reason, reply.AppliedVersion));
        Assert.Equal(["cred-1"], sim.Lock.CredentialIds);
    }

    private static RemoteUnlock Unlock(SimHarness sim) => new() { CommandId = sim.Server.NextCommandId(), Lock = sim.LockId, DurationSeconds = 3, Reason = "Test" };

    private static string Pad(string base64Url) => base64Url.Replace('-', '+').Replace('_', '/') + new string('=', (4 - (base64Url.Length % 4)) % 4);

    private static async Task AssertRejectedAndReportedAsync(SimHarness sim, string? commandId, CommandRejectReason reason, int occurrence = 1)
    {
        var reply = Assert.IsType<CommandRejected>(await sim.Server.WaitForReplyAsync(sim.LockId, commandId, occurrence));
        Assert.Equal(reason, reply.Reason);
        Assert.Equal(sim.LockId, reply.Lock);
        var reported = await sim.Server.WaitForEventAsync(sim.LockId, e => e.Kind == EventKind.CommandRejected && e.CommandId == commandId && e.RejectReason == reason, $"a command_rejected event ({reason})");
        Assert.Equal(sim.Lock.Door, reported.Door);
    }
}
