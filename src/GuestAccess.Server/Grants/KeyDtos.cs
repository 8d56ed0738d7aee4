using GuestAccess.Domain.Doors;
using GuestAccess.Domain.Grants;
using GuestAccess.Server.Rooms;

namespace GuestAccess.Server.Grants;

/// <summary>Where a key stands at one door.</summary>
public enum DoorReadiness
{
    /// <summary>On its way to the lock.</summary>
    Pending,

    /// <summary>The lock has acknowledged it: the key works at this door.</summary>
    Ready,

    /// <summary>The lock could not be reached in time or refused it; see the reason.</summary>
    Failed,

    /// <summary>Revoked or expired, and the lock has dropped it.</summary>
    Removed,
}

/// <summary>Where a key stands as a whole: ready when every door is, failed when any door failed.</summary>
public enum KeyReadiness
{
    Pending,
    Ready,
    Failed,
    Removed,
}

/// <summary>A weekly window in the site's local time, e.g. tuesday 18:00–21:30 (an end at or before the start runs overnight).</summary>
public sealed record ScheduleWindowDto(DayOfWeek Day, string Start, string End);

public sealed record KeyDoorDto(Guid Id, string Slug, string Name, DoorKind Kind, DoorReadiness State, string? FailureReason, DateTimeOffset? UpdatedAt);

/// <summary>When the key's credentials were issued (never the credentials themselves).</summary>
public sealed record KeyCredentialsDto(DateTimeOffset? PinIssuedAt, DateTimeOffset? MobileKeyIssuedAt);

/// <summary>A digital key as its holder sees it: where, when, and whether each door is ready.</summary>
public sealed record KeyDto(
    Guid Id,
    GrantOrigin Origin,
    Guid? BookingId,
    SiteRefDto Site,
    DateTimeOffset ValidFrom,
    DateTimeOffset ValidUntil,
    IReadOnlyList<ScheduleWindowDto>? Schedule,
    GrantStatus Status,
    KeyReadiness Readiness,
    IReadOnlyList<KeyDoorDto> Doors,
    KeyCredentialsDto Credentials);

/// <summary>A PIN just issued: shown in this response only, never stored in clear and never shown again.</summary>
public sealed record IssuedPinDto(Guid KeyId, string Pin, KeyDto Key);

/// <summary>A mobile key: a signed token the locks verify offline. Whoever holds it can use it in its window; keep it private.</summary>
public sealed record MobileKeyDto(Guid KeyId, string Token);
