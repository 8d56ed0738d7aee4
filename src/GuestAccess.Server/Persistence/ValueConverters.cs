using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace GuestAccess.Server.Persistence;

/// <summary>
/// SQLite has no date/time type and cannot order or compare DateTimeOffset text correctly, so
/// instants are stored as INTEGER microseconds since the Unix epoch, in UTC — the same
/// precision PostgreSQL's timestamptz keeps.
/// </summary>
public sealed class UtcMicrosecondsConverter() : ValueConverter<DateTimeOffset, long>(
    v => ToMicroseconds(v),
    v => FromMicroseconds(v))
{
    public static long ToMicroseconds(DateTimeOffset value) => (value.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    public static DateTimeOffset FromMicroseconds(long value) => DateTimeOffset.UnixEpoch.AddTicks(value * 10);
}

/// <summary>PostgreSQL: instants go to timestamptz as UTC (whatever offset the domain used) and come back in UTC.</summary>
public sealed class UtcInstantConverter() : ValueConverter<DateTimeOffset, DateTimeOffset>(
    v => v.ToUniversalTime(),
    v => v.ToUniversalTime());

/// <summary>Durations (grace periods, booking rules, clock skew) as INTEGER milliseconds.</summary>
public sealed class MillisecondsConverter() : ValueConverter<TimeSpan, long>(
    v => (long)v.TotalMilliseconds,
    v => TimeSpan.FromMilliseconds(v));
