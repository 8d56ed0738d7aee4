using GuestAccess.Domain.Grants;
using GuestAccess.EndToEnd.Tests.Support;
using GuestAccess.LockProtocol.Messages;
using GuestAccess.LockProtocol.Signing;
using GuestAccess.LockProtocol.Topics;
using GuestAccess.Mqtt;
using GuestAccess.Mqtt.Server;
using GuestAccess.Server.Locks.Signing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GuestAccess.EndToEnd.Tests;

/// <summary>
/// A lock refuses a command whose counter is not above the last one it accepted. The server signs
/// in two places (the dispatcher and the event pipeline's confirmations), so a command can reach a
/// lock after one signed later; the dispatcher must then sign the refused change afresh, never send
/// the refused token again (seen in CI: the same token refused four times, the grant failed).
/// </summary>
public sealed class CounterRejectionTests
{
    private const string Door = "dokk1-moedelokale-2-doer";

    [Fact]
    public async Task Dispatcher_LockRefusesTheCounter_EveryRetryIsFreshlySignedAndTheReasonIsRecorded()
    {
        await using var host = await FleetHost.StartAsync();
        var simulator = await host.StartSimulatorAsync([Door]);
        var door = simulator[Door];
        var first = await Grants.IssuePinAsync(host, [Door], DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(1));
        await Grants.WaitForDoorsAsync(host, first.GrantId, DoorDeliveryState.Applied);

        // A genuine, harmless command with a counter a minute ahead of the server's clock: as if another
        // instance with a fast clock had confirmed events. Everything the server signs now is refused.
        var ahead = (DateTimeOffset.UtcNow.AddMinutes(1) - DateTimeOffset.UnixEpoch).Ticks / 10;
        var key = host.Services.GetRequiredService<LockSigningKeyStore>().Current;
        var confirm = new CommandSigner(key, new FixedCounter(ahead)).Sign(new ConfirmEvents { CommandId = "confirm-ahead", Lock = LockId.Parse(Door), UpTo = 0 });
        host.Services.GetRequiredService<MqttBroker>().Publish(new MqttApplicationMessage
        {
            Topic = LockTopics.Commands.For(LockId.Parse(Door)),
            Payload = confirm.Payload,
            QualityOfService = MqttQualityOfService.AtLeastOnce,
        });
        await door.WaitUntilAsync(s => s.LastCounter == ahead, Eventually.DefaultTimeout);

        var second = await Grants.IssuePinAsync(host, [Door], DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(1));
        await Grants.WaitForDoorsAsync(host, second.GrantId, DoorDeliveryState.Failed);

        var refused = host.Logs.Lines
            .Where(l => l.EventId == 7011 && l.Message.Contains("replayed_counter", StringComparison.Ordinal) && l.Message.Contains("apply-", StringComparison.Ordinal))
            .Select(l => l.Message)
            .ToList();
        Assert.True(refused.Count >= 2, "the change is tried more than once:\n" + string.Join("\n", refused));
        Assert.Equal(refused.Count, refused.Distinct().Count()); // each try a new command id, i.e. a new signature
        var reason = await host.WithDbAsync(db => db.GrantDoors.AsNoTracking().Where(d => d.GrantId == second.GrantId).Select(d => d.FailureReason).SingleAsync());
        Assert.Contains("replayed_counter", reason, StringComparison.Ordinal);
    }

    private sealed class FixedCounter(long counter) : ICommandCounterSource
    {
        public long Next(LockId lockId) => counter;
    }
}
