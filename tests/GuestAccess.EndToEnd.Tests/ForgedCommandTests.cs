using GuestAccess.Domain.Entries;
using GuestAccess.Domain.Grants;
using GuestAccess.EndToEnd.Tests.Support;
using GuestAccess.LockProtocol.Messages;
using GuestAccess.LockProtocol.Signing;
using GuestAccess.LockProtocol.Topics;
using GuestAccess.Mqtt;
using GuestAccess.Mqtt.Server;
using GuestAccess.Server.Locks.Signing;
using Microsoft.Extensions.DependencyInjection;

namespace GuestAccess.EndToEnd.Tests;

/// <summary>
/// A compromised broker injects remote-unlock commands onto a lock's command topic. The lock
/// verifies every command, refuses these with the right reason, keeps the door shut, and the
/// server hears about it twice: the rejection reply (logged as a command it never sent) and the
/// lock's command_rejected event in the entry log.
/// </summary>
public sealed class ForgedCommandTests
{
    private const string Door = "dokk1-moedelokale-2-doer";
    private const string OtherDoor = "dokk1-undervisningslokale-doer";

    // Above every clock-based counter the server has issued, below 2^53 (exact in JSON).
    private const long HighCounter = 8_000_000_000_000_000;

    [Theory]
    [InlineData("bad_signature")]
    [InlineData("replayed_counter")]
    [InlineData("wrong_lock")]
    public async Task ForgedRemoteUnlock_InjectedByTheBroker_RejectedByTheLockAndReportedToTheServer(string forgery)
    {
        await using var host = await FleetHost.StartAsync();
        var simulator = await host.StartSimulatorAsync([Door]);
        var door = simulator[Door];
        // Let the lock accept one genuine command first, so a low counter is a replay.
        var grant = await Grants.IssuePinAsync(host, [Door], DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(1));
        await Grants.WaitForDoorsAsync(host, grant.GrantId, DoorDeliveryState.Applied);
        var key = host.Services.GetRequiredService<LockSigningKeyStore>().Current;
        var target = LockId.Parse(Door);
        var forged = forgery switch
        {
            "bad_signature" => Sign(SigningKey.Generate(key.KeyId), new CountingSource(HighCounter), target),
            "replayed_counter" => Sign(key, new CountingSource(1), target),
            _ => Sign(key, new CountingSource(HighCounter), LockId.Parse(OtherDoor)),
        };
        var sequenceBefore = door.Snapshot().LastEventSequence;

        host.Services.GetRequiredService<MqttBroker>().Publish(new MqttApplicationMessage
        {
            Topic = LockTopics.Commands.For(target),
            Payload = forged.Payload,
            QualityOfService = MqttQualityOfService.AtLeastOnce,
        });

        // Only this command's line: under load a genuine confirm_events can be refused too (4023, replayed_counter).
        var rejection = await Eventually.ValueAsync(
            () => Task.FromResult(host.Logs.WithEvent(4023).Where(l => l.Message.Contains(forged.Command.CommandId, StringComparison.Ordinal)).ToList()),
            lines => lines.Count > 0,
            "the server to log the rejection of a command it never sent");
        Assert.Contains(forgery, rejection[0].Message, StringComparison.Ordinal);
        var stored = await Entries.WaitForAsync(host, Door, sequenceBefore + 1);
        Assert.Equal(LockEventKind.CommandRejected, stored.Kind);
        Assert.Contains(forgery, stored.Details ?? string.Empty, StringComparison.Ordinal);
        Assert.False(door.Snapshot().DoorReleased);
    }

    private static SignedCommand Sign(SigningKey key, ICommandCounterSource counters, LockId lockId) =>
        new CommandSigner(key, counters).Sign(new RemoteUnlock { CommandId = "forged-" + Guid.NewGuid().ToString("N"), Lock = lockId, DurationSeconds = 30, Reason = "Let me in" });

    private sealed class CountingSource(long start) : ICommandCounterSource
    {
        private long _next = start;

        public long Next(LockId lockId) => Interlocked.Increment(ref _next);
    }
}
