using GuestAccess.FirmwareSim.Device;
using GuestAccess.FirmwareSim.Faults;
using GuestAccess.FirmwareSim.Fleet;
using GuestAccess.LockProtocol.Serialization;

namespace GuestAccess.FirmwareSim.Scenarios;

/// <summary>The outcome of a scenario run: how many steps ran and, if it failed, where and why.</summary>
public sealed record ScenarioResult(int StepsRun, string? Failure)
{
    public bool Passed => Failure is null;
}

/// <summary>
/// Runs scenario steps against a fleet, in order, one at a time; stops at the first failed
/// expectation. Prints each step with its outcome (PINs masked, tokens never shown).
/// </summary>
public sealed class ScenarioRunner(LockFleetSimulator fleet, TextWriter output)
{
    private readonly Dictionary<string, EntryResult> _lastEntry = new(StringComparer.Ordinal);

    public async Task<ScenarioResult> RunAsync(IReadOnlyList<ScenarioStep> steps, string source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var run = 0;
        foreach (var step in steps)
        {
            run++;
            string? failure;
            try
            {
                failure = await RunStepAsync(step, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException ex)
            {
                failure = ex.Message;
            }

            if (failure is not null)
            {
                await output.WriteLineAsync($"{source}:{step.Line}: FAILED: {failure}").ConfigureAwait(false);
                return new ScenarioResult(run, $"{source}:{step.Line}: {failure}");
            }
        }

        await output.WriteLineAsync($"{source}: all {run} steps passed").ConfigureAwait(false);
        return new ScenarioResult(run, null);
    }

    private async Task<string?> RunStepAsync(ScenarioStep step, CancellationToken cancellationToken)
    {
        if (step.Lock is null)
        {
            var wait = (WaitAction)step.Action;
            await output.WriteLineAsync($"  {wait.Describe()}").ConfigureAwait(false);
            await Task.Delay(wait.Duration, cancellationToken).ConfigureAwait(false);
            return null;
        }

        IReadOnlyList<SimulatedLock> targets;
        if (step.Lock == "*")
        {
            targets = fleet.Locks;
        }
        else if (fleet.TryGetLock(step.Lock, out var single))
        {
            targets = [single];
        }
        else
        {
            return $"no simulated lock '{step.Lock}'";
        }

        foreach (var target in targets)
        {
            var outcome = await ApplyAsync(target, step.Action, cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync($"  lock {target.Id}: {step.Action.Describe()}{(outcome.Note is null ? string.Empty : " -> " + outcome.Note)}").ConfigureAwait(false);
            if (outcome.Failure is not null)
            {
                return $"lock {target.Id}: {outcome.Failure}";
            }
        }

        return null;
    }

    private async Task<(string? Note, string? Failure)> ApplyAsync(SimulatedLock target, ScenarioAction action, CancellationToken cancellationToken)
    {
        switch (action)
        {
            case EnterPinAction pin:
                return Remember(target, await target.EnterPinAsync(pin.Pin, cancellationToken).ConfigureAwait(false));
            case PresentMobileKeyAction key:
                return Remember(target, await target.PresentMobileKeyAsync(key.Token, cancellationToken).ConfigureAwait(false));
            case ExpectEntryAction expect:
                return CheckEntry(target, expect);
            case ExpectStateAction expect:
                return Holds(target.Snapshot(), expect.Property, expect.Value) ? (null, null) : (null, $"expected {expect.Describe()[7..]}, but it is {target.Snapshot()}");
            case WaitUntilAction wait:
                await target.WaitUntilAsync(s => Holds(s, wait.Property, wait.Value), wait.Timeout, cancellationToken).ConfigureAwait(false);
                return (null, null);
            case OfflineAction offline:
                await target.GoOfflineAsync(offline.Duration).ConfigureAwait(false);
                return (null, null);
            case OnlineAction:
                await target.GoOnlineAsync().ConfigureAwait(false);
                return (null, null);
            case DisconnectAction:
                await target.DisconnectAsync().ConfigureAwait(false);
                return (null, null);
            case PowerCycleAction:
                await target.PowerCycleAsync(cancellationToken).ConfigureAwait(false);
                return (null, null);
            case DoorAction door:
                var recorded = door.Incident switch
                {
                    DoorIncident.Forced => await target.ForceDoorAsync(cancellationToken).ConfigureAwait(false),
                    DoorIncident.HeldOpen => await target.HoldDoorOpenAsync(cancellationToken).ConfigureAwait(false),
                    DoorIncident.Tamper => await target.TamperAsync(cancellationToken).ConfigureAwait(false),
                };
                return ($"event {recorded.Sequence}", null);
            case BatteryAction battery:
                var low = await target.SetBatteryAsync(battery.Percent, cancellationToken).ConfigureAwait(false);
                return (low is null ? null : $"battery_low event {low.Sequence}", null);
            case SkewAction skew:
                target.Clock.Skew = skew.Skew;
                return ($"lock clock {target.Clock.Now:u}", null);
            case ClockAction clock:
                return SetClock(target, clock);
            case FaultAction fault:
                target.Faults = new FaultSpec(null, fault.Name, fault.Value).ApplyTo(target.Faults);
                return (null, null);
            default:
                return (null, $"'{action.Describe()}' needs no lock");
        }
    }

    private (string?, string?) Remember(SimulatedLock target, EntryResult entry)
    {
        _lastEntry[target.Id.Value] = entry;
        return ($"{WireNames.Of(entry.Outcome)}{(entry.Reason is { } reason ? " " + WireNames.Of(reason) : string.Empty)} (event {entry.Sequence})", null);
    }

    private (string?, string?) CheckEntry(SimulatedLock target, ExpectEntryAction expect)
    {
        if (!_lastEntry.TryGetValue(target.Id.Value, out var entry))
        {
            return (null, "no entry attempt to check yet");
        }

        var reason = entry.Reason is { } r ? WireNames.Of(r) : null;
        var ok = expect.Granted ? entry.IsGranted : !entry.IsGranted && (expect.Reason is null || expect.Reason == reason);
        return ok ? (null, null) : (null, $"expected {expect.Describe()[7..]}, got {WireNames.Of(entry.Outcome)}{(reason is null ? string.Empty : " " + reason)}");
    }

    private static (string?, string?) SetClock(SimulatedLock target, ClockAction clock)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(target.Provisioning.TimeZone);
        if (zone.IsInvalidTime(clock.LocalTime))
        {
            return (null, $"{clock.LocalTime:yyyy-MM-dd HH:mm} does not exist in {zone.Id} (a DST gap)");
        }

        var instant = new DateTimeOffset(clock.LocalTime, zone.GetUtcOffset(clock.LocalTime));
        target.Clock.Set(instant);
        return ($"lock clock {instant:u}", null);
    }

    private static bool Holds(LockSnapshot s, LockProperty property, long? value) => property switch
    {
        LockProperty.Version => s.AppliedVersion == value,
        LockProperty.Pending => s.PendingEvents == value,
        LockProperty.Credentials => s.CredentialCount == value,
        LockProperty.Connected => s.Connected,
        LockProperty.Offline => s.Offline,
        LockProperty.LockedOut => s.KeypadLockedOut,
        LockProperty.Lockdown => s.Lockdown,
    };
}
