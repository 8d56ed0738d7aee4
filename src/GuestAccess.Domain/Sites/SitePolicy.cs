namespace GuestAccess.Domain.Sites;

/// <summary>Per-site rules for bookings and the keys they issue.</summary>
public sealed record SitePolicy
{
    public static SitePolicy Default { get; } = new();

    /// <summary>How many upcoming bookings one citizen may hold at this site at a time.</summary>
    public int MaxActiveBookingsPerCitizen { get; init; } = 3;

    /// <summary>A booking's key opens this long before the booking starts.</summary>
    public TimeSpan KeyGraceBefore { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>A booking's key stays valid this long after the booking ends (never past closing).</summary>
    public TimeSpan KeyGraceAfter { get; init; } = TimeSpan.FromMinutes(15);
}
