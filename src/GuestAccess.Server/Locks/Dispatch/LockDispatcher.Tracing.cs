using System.Diagnostics;
using GuestAccess.LockProtocol.Messages;
using GuestAccess.LockProtocol.Serialization;
using GuestAccess.LockProtocol.Signing;

namespace GuestAccess.Server.Locks.Dispatch;

/// <summary>
/// One trace from the change to the lock's answer: each publish is a producer span in the trace
/// of the change (the outbox row's traceparent); the lock's reply is a consumer span that
/// continues the trace of the command it answers, found by command id (a lock that echoes the
/// MQTT 5 <c>traceparent</c> user property also gets a link to its own context).
/// </summary>
internal sealed partial class LockDispatcher
{
    private readonly Dictionary<string, (ActivityContext Context, DateTimeOffset SentAt)> _published = new(StringComparer.Ordinal);

    /// <summary>
    /// Signs (LockCommandPublisher.SignAndPublish: in counter order with every other command of this
    /// process) and publishes; a token to send again goes out as it is.
    /// </summary>
    private void StartPublishing(CommandToSend command, LockRuntime runtime, DateTimeOffset now)
    {
        Interlocked.Increment(ref _publishing);
        SignedCommand signed;
        Activity? activity;
        Task<bool> published;
        CancellationTokenSource timeout;
        if (command.Signed is { } ready)
        {
            timeout = new CancellationTokenSource(ready.Command.ExpiresAt - clock.GetUtcNow());
            signed = ready;
            activity = LockCommandPublisher.StartPublishActivity(ready, command.TraceParent);
            published = publisher.Republish(ready, activity, command.TraceParent, timeout.Token);
        }
        else
        {
            var lifetime = command.ExpiresAt is { } expires && expires - clock.GetUtcNow() < Options.CommandLifetime ? expires - clock.GetUtcNow() : Options.CommandLifetime;
            timeout = new CancellationTokenSource(lifetime);
            (signed, activity, published) = publisher.SignAndPublish(command.Command, lifetime, command.TraceParent, timeout.Token);
        }

        if (runtime.Inflight is { } inflight && inflight.CommandId == signed.Command.CommandId)
        {
            inflight.Signed = signed;
        }
        else if (signed.Command is RemoteUnlock && runtime.Unlocks.Values.FirstOrDefault(u => u.Command?.CommandId == signed.Command.CommandId) is { } unlock)
        {
            unlock.Signed = signed;
        }

        if (activity is not null)
        {
            _published[signed.Command.CommandId] = (activity.Context, now);
        }

        _ = ObservePublishAsync(published, timeout, runtime.Id, signed.Command.CommandId);
    }

    private Activity? StartReplyActivity(LockRuntime runtime, LockReply reply, string? echoedTraceParent)
    {
        if (!LockFleetTelemetry.Source.HasListeners())
        {
            return null;
        }

        var parent = reply.CommandId is { } id && _published.Remove(id, out var sent) ? sent.Context : default;
        var echo = echoedTraceParent is not null && ActivityContext.TryParse(echoedTraceParent, null, out var echoed) ? echoed : default;
        var sameAsParent = echo != default && echo.TraceId == parent.TraceId && echo.SpanId == parent.SpanId;
        ActivityLink[]? links = echo != default && !sameAsParent ? [new ActivityLink(echo)] : null;
        var activity = LockFleetTelemetry.Source.StartActivity("lock reply " + reply.Type, ActivityKind.Consumer, parent, links: links);
        if (activity is not null)
        {
            activity.SetTag("messaging.system", "mqtt");
            activity.SetTag("messaging.operation.type", "process");
            activity.SetTag("messaging.message.id", reply.CommandId);
            activity.SetTag("guestaccess.lock", runtime.LockId.Value);
            activity.SetTag("guestaccess.applied_version", reply.AppliedVersion);
            if (echo != default)
            {
                // The lock sent the command's trace context back: "same" when it is the publish span (this span's parent).
                activity.SetTag("guestaccess.reply.trace_echo", sameAsParent ? "same" : "other");
            }
            if (reply is CommandRejected rejected)
            {
                activity.SetStatus(ActivityStatusCode.Error, WireNames.Of(rejected.Reason));
            }
        }

        return activity;
    }

    /// <summary>Forgets publishes nobody answered (the command has expired by then).</summary>
    private void PruneTraces(DateTimeOffset now)
    {
        var cutoff = now - Options.CommandLifetime - Options.AckTimeout;
        foreach (var (id, sent) in _published.ToList())
        {
            if (sent.SentAt < cutoff)
            {
                _published.Remove(id);
            }
        }
    }
}
