using GuestAccess.LockProtocol.Credentials;
using GuestAccess.LockProtocol.Messages;

namespace GuestAccess.FirmwareSim.Device;

/// <summary>
/// What happens at the door (docs section 8): PINs on the keypad, mobile keys, the door sensors
/// and the battery. The lock decides alone with its own clock; every attempt becomes an event.
/// </summary>
public sealed partial class SimulatedLock
{
    /// <summary>Battery charge below which the lock reports <c>battery_low</c>.</summary>
    public const int BatteryLowPercent = 20;

    /// <summary>Someone types <paramref name="pin"/> on the keypad. The PIN is never logged or stored.</summary>
    public Task<EntryResult> EnterPinAsync(string pin, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pin);
        return DecideAsync((state, now) => _evaluator.EvaluatePin(pin, state, now), cancellationToken);
    }

    /// <summary>Someone presents a mobile key (the compact token from the QR code or app). Never logged.</summary>
    public Task<EntryResult> PresentMobileKeyAsync(string token, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(token);
        return DecideAsync((state, now) => _evaluator.EvaluateMobileKey(token, state, now), cancellationToken);
    }

    /// <summary>The door opened without a granted entry.</summary>
    public Task<LockEvent> ForceDoorAsync(CancellationToken cancellationToken = default) => RecordOneAsync(EventKind.DoorForced, cancellationToken);

    /// <summary>The door stayed open too long.</summary>
    public Task<LockEvent> HoldDoorOpenAsync(CancellationToken cancellationToken = default) => RecordOneAsync(EventKind.DoorHeldOpen, cancellationToken);

    /// <summary>The tamper switch tripped.</summary>
    public Task<LockEvent> TamperAsync(CancellationToken cancellationToken = default) => RecordOneAsync(EventKind.Tamper, cancellationToken);

    /// <summary>
    /// Sets the battery charge. Dropping below <see cref="BatteryLowPercent"/> records a
    /// <c>battery_low</c> event; a change of ten-percent band republishes the status.
    /// </summary>
    public async Task<LockEvent?> SetBatteryAsync(int percent, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(percent);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percent, 100);
        int? before;
        LockEvent? recorded = null;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfStopped();
            before = _battery;
            _battery = percent;
            if (percent < BatteryLowPercent && (before is null || before >= BatteryLowPercent || percent / 10 < before / 10))
            {
                var journal = Append(Volatile.Read(ref _journal), [NewEvent(EventKind.BatteryLow, Clock.Now) with { BatteryPercent = percent }]);
                await CommitAsync(journal).ConfigureAwait(false);
                recorded = journal.Events[^1];
            }
        }
        finally
        {
            _gate.Release();
        }

        NotifyChanged();
        KickEventPump();
        if (before / 10 != percent / 10)
        {
            await PublishStatusAsync(cancellationToken).ConfigureAwait(false);
        }

        return recorded;
    }

    private async Task<LockEvent> RecordOneAsync(EventKind kind, CancellationToken cancellationToken)
    {
        var recorded = await RecordAsync([NewEvent(kind, Clock.Now)], cancellationToken).ConfigureAwait(false);
        SimLog.DoorEvent(_logger, Id.Value, recorded[0].Sequence, kind.ToString());
        return recorded[0];
    }

    private async Task<EntryResult> DecideAsync(Func<LockCredentialState, DateTimeOffset, EntryDecision> decide, CancellationToken cancellationToken)
    {
        EntryResult result;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfStopped();
            var now = Clock.Now;
            var credentials = Volatile.Read(ref _credentials);
            var journal = Volatile.Read(ref _journal);
            var state = new LockCredentialState { Pins = credentials.Pins, Revocations = credentials.Revocations, Lockdown = credentials.Lockdown, Keypad = journal.Keypad };
            var decision = decide(state, now);
            var next = Append(journal.WithKeypad(decision.Keypad), [decision.ToEvent(0, now, Door)]);
            await CommitAsync(next).ConfigureAwait(false);
            var sequence = journal.LastSequence + 1;
            result = new EntryResult(decision.Method, decision.Outcome, decision.Reason, decision.CredentialId, decision.GrantId, sequence, now);
            SimLog.Entry(_logger, Id.Value, sequence, decision.Method.ToString(), decision.Outcome.ToString(), decision.Reason?.ToString() ?? "-");
        }
        finally
        {
            _gate.Release();
        }

        KickEventPump();
        return result;
    }
}

/// <summary>The lock's verdict on one entry attempt, and the sequence number of the event that records it.</summary>
public sealed record EntryResult(
    EntryMethod Method,
    EntryOutcome Outcome,
    DenialReason? Reason,
    string? CredentialId,
    string? GrantId,
    long Sequence,
    DateTimeOffset At)
{
    public bool IsGranted => Outcome == EntryOutcome.Granted;
}
