namespace GuestAccess.LockProtocol.Credentials;

/// <summary>
/// The default offline lockout rule: <see cref="MaxFailures"/> wrong PINs within
/// <see cref="Window"/> lock the keypad for <see cref="Duration"/> (5 in 5 minutes → 5 minutes).
/// </summary>
public sealed record KeypadLockoutPolicy
{
    public int MaxFailures { get; init; } = 5;

    public TimeSpan Window { get; init; } = TimeSpan.FromMinutes(5);

    public TimeSpan Duration { get; init; } = TimeSpan.FromMinutes(5);

    public static KeypadLockoutPolicy Default { get; } = new();
}

/// <summary>
/// A lock's keypad lockout state, immutable so the lock can persist it with its other state.
/// While locked out every PIN is refused (<c>locked_out</c>) without being checked and without
/// counting; a correct PIN outside the lockout clears the failures.
/// </summary>
public sealed record KeypadLockout(IReadOnlyList<DateTimeOffset> RecentFailures, DateTimeOffset? LockedUntil)
{
    public static KeypadLockout Initial { get; } = new([], null);

    public bool IsLockedOut(DateTimeOffset now) => LockedUntil is { } until && now < until;

    public KeypadLockout WithFailure(DateTimeOffset now, KeypadLockoutPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (IsLockedOut(now))
        {
            return this;
        }

        var failures = RecentFailures.Where(f => f > now - policy.Window).Append(now).ToList();
        return failures.Count >= policy.MaxFailures
            ? new KeypadLockout([], now + policy.Duration)
            : new KeypadLockout(failures, null);
    }

    public KeypadLockout WithSuccess() => Initial;
}
