using System.Globalization;
using GuestAccess.FirmwareSim.Fleet;
using GuestAccess.LockProtocol.Credentials;
using GuestAccess.LockProtocol.Messages;

namespace GuestAccess.FirmwareSim.Device;

/// <summary>
/// What a verified command does to the credential state (docs section 4), decided without side
/// effects: the new state, or a refusal (version_gap, capacity_exceeded) that leaves it unchanged.
/// </summary>
internal static class CommandEffects
{
    public static CommandEffect Decide(LockCommand command, DeviceCredentials state, SimulatorOptions options, DateTimeOffset now) => command switch
    {
        ApplyCredentials delta => ApplyDelta(delta, state, options, now),
        SyncCredentials sync => Fits(sync.Credentials.Count, options)
            ? new CommandEffect(state with { AppliedVersion = sync.Version, Lockdown = sync.Lockdown, Pins = sync.Credentials, Revocations = CredentialEvaluation.Prune(sync.Revocations, now) })
            : Capacity(state, sync.Credentials.Count, options),
        Lockdown lockdown => new CommandEffect(state with { AppliedVersion = lockdown.Version, Lockdown = true, Pins = [] }),
        ConfirmEvents or ReplayEvents or RemoteUnlock or RequestStatus => new CommandEffect(state),
        _ => new CommandEffect(state, new Refusal(CommandRejectReason.UnsupportedType, "the lock does not know this command type")),
    };

    private static CommandEffect ApplyDelta(ApplyCredentials delta, DeviceCredentials state, SimulatorOptions options, DateTimeOffset now)
    {
        if (state.AppliedVersion == delta.ToVersion)
        {
            return new CommandEffect(state);
        }

        if (state.AppliedVersion != delta.FromVersion)
        {
            return new CommandEffect(state, new Refusal(CommandRejectReason.VersionGap, "fromVersion is not the applied version"));
        }

        var pins = state.Pins.ToDictionary(p => p.CredentialId, StringComparer.Ordinal);
        foreach (var upsert in delta.Upserts)
        {
            pins[upsert.CredentialId] = upsert;
        }

        foreach (var removal in delta.Removals)
        {
            pins.Remove(removal);
        }

        if (!Fits(pins.Count, options))
        {
            return Capacity(state, pins.Count, options);
        }

        // Keep the stored order stable: existing credentials first, new ones in command order.
        var existing = state.Pins.Select(p => p.CredentialId).ToHashSet(StringComparer.Ordinal);
        var ordered = state.Pins.Where(p => pins.ContainsKey(p.CredentialId)).Select(p => pins[p.CredentialId])
            .Concat(delta.Upserts.Where(u => !existing.Contains(u.CredentialId)))
            .ToList();
        var revocations = CredentialEvaluation.Prune(state.Revocations.Concat(delta.Revocations), now);
        return new CommandEffect(state with { AppliedVersion = delta.ToVersion, Pins = ordered, Revocations = revocations });
    }

    private static bool Fits(int count, SimulatorOptions options) => count <= options.MaxCredentials;

    private static CommandEffect Capacity(DeviceCredentials state, int count, SimulatorOptions options) =>
        new(state, new Refusal(CommandRejectReason.CapacityExceeded, string.Create(CultureInfo.InvariantCulture, $"{count} credentials do not fit; this lock holds at most {options.MaxCredentials}")));
}

internal sealed record Refusal(CommandRejectReason Reason, string Detail);

/// <summary>The credential state after a command, or the refusal that left it as it was.</summary>
internal sealed record CommandEffect(DeviceCredentials Credentials, Refusal? Rejection = null);
