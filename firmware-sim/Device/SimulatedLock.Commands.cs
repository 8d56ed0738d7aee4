using GuestAccess.LockProtocol.Messages;
using GuestAccess.LockProtocol.Serialization;
using GuestAccess.LockProtocol.Signing;
using GuestAccess.Mqtt;
using GuestAccess.Mqtt.Client;

namespace GuestAccess.FirmwareSim.Device;

/// <summary>
/// Commands (docs sections 4–6): verify, persist the counter together with the effect, act, reply.
/// Every rejection is replied with <c>command_rejected</c> and recorded as an event.
/// </summary>
public sealed partial class SimulatedLock
{
    private async ValueTask OnMessageAsync(MqttClient client, MqttReceivedMessage message, CancellationToken cancellationToken)
    {
        if (!string.Equals(message.Topic, _commandsTopic, StringComparison.Ordinal))
        {
            return;
        }

        var faults = Faults;
        var delay = faults.DelayIncoming.Pick(_runtime.Dice);
        if (delay > TimeSpan.Zero)
        {
            CountFault("delay-in", message.Topic);
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
        }

        if (_runtime.Dice.Chance(faults.DropIncoming))
        {
            CountFault("drop-in", message.Topic);
            return;
        }

        var payload = message.Payload.ToArray();
        var trace = TraceContext(message);
        await HandleCommandAsync(client, payload, trace, cancellationToken).ConfigureAwait(false);
        if (_runtime.Dice.Chance(faults.DuplicateIncoming))
        {
            CountFault("dup-in", message.Topic);
            await HandleCommandAsync(client, payload, trace, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The W3C trace context the server sent with a command (MQTT 5 user properties), echoed on the reply as real firmware should.</summary>
    private static List<MqttUserProperty>? TraceContext(MqttReceivedMessage message)
    {
        var trace = message.UserProperties.Where(p => p.Name is "traceparent" or "tracestate").ToList();
        return trace.Count == 0 ? null : trace;
    }

    /// <summary>Handles one command token exactly as it arrived on the commands topic.</summary>
    private async Task HandleCommandAsync(MqttClient client, byte[] token, List<MqttUserProperty>? trace, CancellationToken cancellationToken)
    {
        CommandResult result;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!ReferenceEquals(CurrentClient(), client))
            {
                return; // a message to an incarnation that lost power
            }

            var now = Clock.Now;
            var credentials = Volatile.Read(ref _credentials);
            var verification = _verifier.Verify(token, now, credentials.Counter);
            result = verification.Status switch
            {
                CommandVerificationStatus.Accepted => await ExecuteAsync(verification.Command!, credentials, now).ConfigureAwait(false),
                CommandVerificationStatus.Duplicate => Duplicate(verification.Command!, credentials, now),
                CommandVerificationStatus.Rejected => await RejectAsync(verification, credentials, now).ConfigureAwait(false),
            };
        }
        finally
        {
            _gate.Release();
        }

        await TryPublishAsync(client, _repliesTopic, result.Reply, retain: false, cancellationToken, userProperties: trace).ConfigureAwait(false);
        if (result.ReplayFrom is { } from)
        {
            RewindEventPump(from);
        }

        if (result.StatusChanged)
        {
            await PublishStatusAsync(client, cancellationToken).ConfigureAwait(false);
        }

        KickEventPump();
    }

    private CommandResult Duplicate(LockCommand command, DeviceCredentials credentials, DateTimeOffset now)
    {
        SimLog.DuplicateCommand(_logger, Id.Value, command.CommandId);
        var reply = credentials.LastReply is { } last ? System.Text.Encoding.UTF8.GetBytes(last) : Ack(command, credentials.AppliedVersion, now);
        return new CommandResult(reply);
    }

    private async Task<CommandResult> RejectAsync(CommandVerification verification, DeviceCredentials credentials, DateTimeOffset now)
    {
        var reason = verification.Reason!.Value;
        var events = new List<LockEvent>();
        if (reason == CommandRejectReason.NotYetValid && verification.ClockSkew is { } skew && skew > _runtime.Options.ClockSkewAllowance)
        {
            events.Add(NewEvent(EventKind.ClockSkew, now) with { SkewSeconds = (long)skew.TotalSeconds });
            if (_runtime.Options.StepClockForward && Clock.StepForwardTo(now + skew))
            {
                SimLog.ClockStepped(_logger, Id.Value, (long)skew.TotalSeconds);
            }
        }

        events.Add(NewEvent(EventKind.CommandRejected, now) with { CommandId = verification.CommandId, RejectReason = reason });
        await CommitAsync(Append(Volatile.Read(ref _journal), events)).ConfigureAwait(false);
        SimLog.CommandRejected(_logger, Id.Value, verification.CommandId ?? "-", WireNames.Of(reason));
        return new CommandResult(LockMessageCodec.Encode(verification.ToRejectedReply(Id, now, credentials.AppliedVersion)));
    }

    /// <summary>An accepted command: the counter and the effect are persisted together, then the lock acts and replies.</summary>
    private async Task<CommandResult> ExecuteAsync(LockCommand command, DeviceCredentials credentials, DateTimeOffset now)
    {
        var effect = CommandEffects.Decide(command, credentials, _runtime.Options, now);
        var reply = effect.Rejection is { } rejection
            ? LockMessageCodec.Encode(new CommandRejected { Lock = Id, CommandId = command.CommandId, At = now, AppliedVersion = effect.Credentials.AppliedVersion, Reason = rejection.Reason, Detail = rejection.Detail })
            : Ack(command, effect.Credentials.AppliedVersion, now);
        var next = effect.Credentials with
        {
            LastCounter = command.Counter,
            LastCommandId = command.CommandId,
            LastReply = System.Text.Encoding.UTF8.GetString(reply),
        };
        await CommitAsync(next).ConfigureAwait(false);

        var journal = Volatile.Read(ref _journal);
        var events = new List<LockEvent>();
        if (effect.Rejection is { } refused)
        {
            events.Add(NewEvent(EventKind.CommandRejected, now) with { CommandId = command.CommandId, RejectReason = refused.Reason });
            SimLog.CommandRejected(_logger, Id.Value, command.CommandId, WireNames.Of(refused.Reason));
        }
        else
        {
            SimLog.CommandExecuted(_logger, Id.Value, command.Type, command.CommandId, next.AppliedVersion);
        }

        if (command is ConfirmEvents confirm)
        {
            var confirmed = confirm.Sequences.ToHashSet();
            journal = journal with { Events = [.. journal.Events.Where(e => e.Sequence > confirm.UpTo && !confirmed.Contains(e.Sequence))] };
        }

        if (command is RemoteUnlock unlock)
        {
            _doorReleasedUntil = now + TimeSpan.FromSeconds(unlock.DurationSeconds);
            events.Add(NewEvent(EventKind.EntryAttempt, now) with { Outcome = EntryOutcome.Granted, Method = EntryMethod.RemoteUnlock, CommandId = command.CommandId });
        }

        if (events.Count > 0 || !ReferenceEquals(journal, Volatile.Read(ref _journal)))
        {
            await CommitAsync(Append(journal, events)).ConfigureAwait(false);
        }

        var statusChanged = next.AppliedVersion != credentials.AppliedVersion || next.Lockdown != credentials.Lockdown || command is RequestStatus;
        return new CommandResult(reply, statusChanged, command is ReplayEvents replay ? replay.From : null);
    }

    private byte[] Ack(LockCommand command, long appliedVersion, DateTimeOffset now) =>
        LockMessageCodec.Encode(new CommandAck { Lock = Id, CommandId = command.CommandId, At = now, AppliedVersion = appliedVersion });

    private sealed record CommandResult(byte[] Reply, bool StatusChanged = false, long? ReplayFrom = null);
}
