using GuestAccess.LockProtocol.Messages;

namespace GuestAccess.LockProtocol.Credentials;

/// <summary>The lock's offline time rules for one credential.</summary>
public static class CredentialEvaluation
{
    /// <summary>
    /// May a credential with <paramref name="validity"/> open at <paramref name="now"/> (the lock's
    /// own clock)? Null when it may; otherwise not_yet_valid (before notBefore, inclusive start),
    /// expired (at or after notAfter) or outside_schedule. The schedule is evaluated in
    /// <paramref name="zone"/> when given (a lock with a time zone database, or the simulator),
    /// else with the schedule's own POSIX rule, exactly as simple firmware does.
    /// </summary>
    public static DenialReason? Evaluate(CredentialValidity validity, DateTimeOffset now, TimeZoneInfo? zone = null)
    {
        ArgumentNullException.ThrowIfNull(validity);
        if (now < validity.NotBefore)
        {
            return DenialReason.NotYetValid;
        }

        if (now >= validity.NotAfter)
        {
            return DenialReason.Expired;
        }

        if (validity.Schedule is { } schedule
            && !(zone is null ? schedule.IsOpenAt(now) : schedule.IsOpenAt(now, zone)))
        {
            return DenialReason.OutsideSchedule;
        }

        return null;
    }

    /// <summary>Is <paramref name="credentialId"/> revoked at <paramref name="now"/>?</summary>
    public static bool IsRevoked(IEnumerable<RevocationEntry> revocations, string credentialId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(revocations);
        return revocations.Any(r => r.IsInForce(now) && string.Equals(r.CredentialId, credentialId, StringComparison.Ordinal));
    }

    /// <summary>The entries still worth keeping (a lock prunes the rest).</summary>
    public static IReadOnlyList<RevocationEntry> Prune(IEnumerable<RevocationEntry> revocations, DateTimeOffset now) =>
        revocations.Where(r => r.IsInForce(now)).ToList();
}
