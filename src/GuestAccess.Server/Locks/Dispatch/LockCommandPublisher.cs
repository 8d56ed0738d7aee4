using System.Diagnostics;
using GuestAccess.LockProtocol.Messages;
using GuestAccess.LockProtocol.Signing;
using GuestAccess.Server.Locks.Broker;
using GuestAccess.Server.Locks.Signing;

namespace GuestAccess.Server.Locks.Dispatch;

/// <summary>
/// Signs commands just before they leave (fresh counter, issuedAt, expiresAt) and publishes them
/// QoS 1, never retained, with the W3C trace context of the change that caused them.
/// </summary>
internal sealed class LockCommandPublisher(LockSigningKeyStore keys, FleetConnection connection, TimeProvider clock, LockFleetMetrics metrics)
{
    private readonly Lazy<CommandSigner> _signer = new(() => new CommandSigner(keys.Current, new ClockCommandCounterSource(clock), clock));
    private readonly Lock _order = new();

    /// <summary>
    /// Signs <paramref name="command"/> and queues it on the broker connection in one step, under one
    /// lock for every command this process sends: commands leave in the order of their counters, so a
    /// lock never refuses one as <c>replayed_counter</c> because a command signed after it (by the event
    /// pipeline or the dispatcher, on another thread) reached the lock first (docs/lock-protocol.md 6.2).
    /// The returned task completes with the broker's acknowledgement.
    /// </summary>
    public (SignedCommand Signed, Activity? Activity, Task<bool> Published) SignAndPublish(LockCommand command, TimeSpan lifetime, string? traceParent, CancellationToken cancellationToken)
    {
        lock (_order)
        {
            var signed = _signer.Value.Sign(command, lifetime);
            var activity = StartPublishActivity(signed, traceParent);
            // Runs synchronously up to the connection's queue: the order of the lock is the order on the wire.
            return (signed, activity, PublishAsync(signed, activity, traceParent, cancellationToken));
        }
    }

    /// <summary>Sends a token signed earlier again (the same plan, before it expires), in turn with the others.</summary>
    public Task<bool> Republish(SignedCommand signed, Activity? activity, string? traceParent, CancellationToken cancellationToken)
    {
        lock (_order)
        {
            return PublishAsync(signed, activity, traceParent, cancellationToken);
        }
    }

    /// <summary>
    /// The producer span of one publish, a child of the change's trace (<paramref name="traceParent"/>),
    /// started without becoming <see cref="Activity.Current"/> so the caller's loop does not nest
    /// later publishes under it. <see cref="PublishAsync(SignedCommand, Activity?, string?, CancellationToken)"/> ends it.
    /// </summary>
    public static Activity? StartPublishActivity(SignedCommand command, string? traceParent)
    {
        var previous = Activity.Current;
        var activity = LockFleetTelemetry.Source.StartActivity(
            "lock command " + command.Command.Type,
            ActivityKind.Producer,
            traceParent is not null && ActivityContext.TryParse(traceParent, null, out var parent) ? parent : default);
        Activity.Current = previous;
        if (activity is not null)
        {
            activity.SetTag("messaging.system", "mqtt");
            activity.SetTag("messaging.operation.type", "publish");
            activity.SetTag("messaging.destination.name", command.Topic);
            activity.SetTag("messaging.message.id", command.Command.CommandId);
            activity.SetTag("guestaccess.lock", command.Command.Lock.Value);
        }

        return activity;
    }

    /// <summary>Publishes with the trace context of <paramref name="activity"/> (or the change's own) and ends the span; true when the broker acknowledged it.</summary>
    private async Task<bool> PublishAsync(SignedCommand command, Activity? activity, string? traceParent, CancellationToken cancellationToken)
    {
        using (activity)
        {
            var sent = await connection.PublishAsync(command.Topic, command.Payload, activity?.Id ?? traceParent, activity?.TraceStateString, cancellationToken);
            metrics.CommandSent(command.Command.Type, sent);
            activity?.SetStatus(sent ? ActivityStatusCode.Ok : ActivityStatusCode.Error);
            return sent;
        }
    }
}
