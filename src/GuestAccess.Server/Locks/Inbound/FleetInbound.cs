using GuestAccess.LockProtocol.Messages;
using GuestAccess.LockProtocol.Topics;
using GuestAccess.Mqtt.Client;
using GuestAccess.Server.Locks.Dispatch;

namespace GuestAccess.Server.Locks.Inbound;

/// <summary>
/// The first stop of every message a lock publishes: decoded strictly by
/// <see cref="ServerInbound"/> (the lock in the message must be the lock in the topic), then
/// queued for the dispatcher (replies, status) or the event pipeline. Anything unreadable is
/// counted and logged by error code and lock, never with its contents, and dropped: bad input
/// from one lock never stops the others.
/// </summary>
internal sealed class FleetInbound(FleetChannels channels, LockFleetMetrics metrics, TimeProvider clock, ILogger<FleetInbound> logger)
{
    public async ValueTask HandleAsync(MqttReceivedMessage message, CancellationToken cancellationToken)
    {
        if (!ServerInbound.TryDecode(message.Topic, message.Payload.Span, out var inbound, out var error))
        {
            var lockId = LockTopics.TryGetLockId(message.Topic, out var id) ? id.Value : "(not a lock topic)";
            metrics.InboundRejected(error.CodeName);
            LockFleetLog.InboundRejected(logger, lockId, error.CodeName, error.Message);
            return;
        }

        // A retained copy on replies or events is an old message replayed by the broker at subscribe
        // time (the protocol never retains these): acting on it again would only cause confusion.
        if (message.Retain && !inbound.Topic.Retained)
        {
            metrics.InboundRejected("retained");
            LockFleetLog.RetainedIgnored(logger, inbound.LockId.Value, inbound.Topic.Name);
            return;
        }

        var now = clock.GetUtcNow();
        switch (inbound.Message)
        {
            case LockStatus status:
                await channels.Dispatcher.Writer.WriteAsync(new FleetInput.StatusReceived(inbound.LockId, status, now, message.Retain), cancellationToken);
                break;
            case LockReply reply:
                await channels.Dispatcher.Writer.WriteAsync(new FleetInput.ReplyReceived(inbound.LockId, reply, now, TraceParentOf(message)), cancellationToken);
                break;
            case EventBatch batch:
                await channels.Events.Writer.WriteAsync(new InboundEventBatch(inbound.LockId, batch, now), cancellationToken);
                break;
            default:
                metrics.InboundRejected("unexpected_type");
                break;
        }
    }

    private static string? TraceParentOf(MqttReceivedMessage message)
    {
        foreach (var property in message.UserProperties)
        {
            if (property.Name == LockFleetTelemetry.TraceParentProperty && property.Value.Length <= Store.LockOutboxMessage.MaxTraceParentLength)
            {
                return property.Value;
            }
        }

        return null;
    }
}
