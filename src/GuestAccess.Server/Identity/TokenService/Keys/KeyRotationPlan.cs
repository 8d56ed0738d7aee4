using GuestAccess.Server.Identity.TokenService.Model;

namespace GuestAccess.Server.Identity.TokenService.Keys;

/// <summary>When keys are created and dropped: a pure decision, so the schedule is testable without waiting.</summary>
public sealed record KeyRotationPlan(KeyWindow? Create, IReadOnlyList<string> Delete)
{
    public static KeyRotationPlan Decide(IReadOnlyCollection<SigningKey> keys, DateTimeOffset now, TimeSpan lifetime, TimeSpan announcement, TimeSpan retention)
    {
        var delete = keys.Where(k => k.ExpiresAt <= now).Select(k => k.Id).ToArray();
        var live = keys.Where(k => k.RetiresAt > now).ToArray();
        var active = live.Where(k => k.ActivatesAt <= now).MaxBy(k => k.ActivatesAt);
        var latestEnd = live.Length == 0 ? (DateTimeOffset?)null : live.Max(k => k.RetiresAt);

        KeyWindow? create = null;
        if (active is null && latestEnd is null)
        {
            // Nothing can sign: a key that signs at once (first start, or the server was off too long).
            create = Window(now, lifetime, retention);
        }
        else if (latestEnd is { } end && end - now <= announcement)
        {
            // The last key retires soon: publish its successor now, signing from the hand-over.
            create = Window(active is null ? now : end, lifetime, retention);
        }

        return new KeyRotationPlan(create, delete);
    }

    private static KeyWindow Window(DateTimeOffset activatesAt, TimeSpan lifetime, TimeSpan retention) =>
        new(activatesAt, activatesAt + lifetime, activatesAt + lifetime + retention);
}

/// <summary>When a new key signs (from, until) and when it leaves JWKS.</summary>
public sealed record KeyWindow(DateTimeOffset ActivatesAt, DateTimeOffset RetiresAt, DateTimeOffset ExpiresAt);
