using System.Globalization;
using System.Net.Mail;
using System.Text.Json.Serialization;
using GuestAccess.Domain.Grants;
using GuestAccess.Domain.Time;
using GuestAccess.Server.Bookings;
using GuestAccess.Server.Infrastructure.Validation;

namespace GuestAccess.Server.Grants;

/// <summary>A named guest: a phone number or an e-mail address (or both) is needed to send them the key.</summary>
public sealed record GuestInput(string? Name, string? Phone, string? Email, string? Organisation)
{
    public void Validate(ValidationErrors errors, string prefix) => errors
        .When(string.IsNullOrWhiteSpace(Name) || Name.Trim().Length > 200, $"{prefix}.name", "name is 1-200 characters.")
        .When(Phone is not null && !GuestContact.IsPhone(Phone), $"{prefix}.phone", "phone is 8-15 digits, optionally starting with + (spaces allowed).")
        .When(Email is not null && !GuestContact.IsEmail(Email), $"{prefix}.email", "email is an e-mail address of at most 254 characters.")
        .When(Phone is null && Email is null, $"{prefix}.phone", "Give a phone number or an e-mail address: the key is sent there.")
        .When(Organisation is { Length: > 200 }, $"{prefix}.organisation", "organisation has at most 200 characters.");
}

/// <summary>A weekly window in the site's local time: <c>{"day":"tuesday","start":"18:00","end":"21:30"}</c>; an end at or before the start runs overnight.</summary>
public sealed record ScheduleWindowInput(string? Day, string? Start, string? End);

/// <summary>Body of <c>POST /api/v1/grants</c>: a new guest (<see cref="Guest"/>) or a known one (<see cref="GuestId"/>), doors of one site, a period, an optional weekly schedule and a reason.</summary>
public sealed record CreateGrantRequest(
    GuestInput? Guest,
    Guid? GuestId,
    string[]? Doors,
    [property: JsonConverter(typeof(InstantJsonConverter))] DateTimeOffset? ValidFrom,
    [property: JsonConverter(typeof(InstantJsonConverter))] DateTimeOffset? ValidUntil,
    ScheduleWindowInput[]? Schedule,
    string? Reason) : IValidatable
{
    public IDictionary<string, string[]> Validate()
    {
        var errors = new ValidationErrors()
            .When((Guest is null) == (GuestId is null), "guest", "Give either guest (a new guest) or guestId (a known one).")
            .When(string.IsNullOrWhiteSpace(Reason) || Reason.Length > AccessGrant.MaxReasonLength, "reason", $"reason is 1-{AccessGrant.MaxReasonLength} characters.");
        Guest?.Validate(errors, "guest");
        GrantInput.ValidatePeriod(errors, Doors, ValidFrom, ValidUntil, Schedule);
        return errors.ToDictionary();
    }
}

/// <summary>Body of <c>PUT /api/v1/grants/{id}</c>: the new doors, period and schedule (leave schedule out for none).</summary>
public sealed record ChangeGrantRequest(
    string[]? Doors,
    [property: JsonConverter(typeof(InstantJsonConverter))] DateTimeOffset? ValidFrom,
    [property: JsonConverter(typeof(InstantJsonConverter))] DateTimeOffset? ValidUntil,
    ScheduleWindowInput[]? Schedule) : IValidatable
{
    public IDictionary<string, string[]> Validate()
    {
        var errors = new ValidationErrors();
        GrantInput.ValidatePeriod(errors, Doors, ValidFrom, ValidUntil, Schedule);
        return errors.ToDictionary();
    }
}

/// <summary>Body of the revoke endpoints.</summary>
public sealed record RevokeRequest(string? Reason) : IValidatable
{
    public IDictionary<string, string[]> Validate() => new ValidationErrors()
        .When(string.IsNullOrWhiteSpace(Reason) || Reason.Length > AccessGrant.MaxReasonLength, "reason", $"reason is 1-{AccessGrant.MaxReasonLength} characters.")
        .ToDictionary();
}

/// <summary>Body of <c>POST /api/v1/sites/{site}/emergency-revoke</c>: why, and whether every lock of the site is also locked down.</summary>
public sealed record EmergencyRevokeRequest(string? Reason, bool? Lockdown) : IValidatable
{
    public IDictionary<string, string[]> Validate() => new ValidationErrors()
        .When(string.IsNullOrWhiteSpace(Reason) || Reason.Length > AccessGrant.MaxReasonLength, "reason", $"reason is 1-{AccessGrant.MaxReasonLength} characters.")
        .ToDictionary();
}

/// <summary>Query of <c>GET /api/v1/grants</c>: a site (slug or id), <c>active</c> (default) or <c>all</c>, one guest.</summary>
public sealed record GrantListQuery(string? Site, string? Show, Guid? Guest) : IValidatable
{
    public bool All => string.Equals(Show, "all", StringComparison.OrdinalIgnoreCase);

    public IDictionary<string, string[]> Validate() => new ValidationErrors()
        .When(Show is not null && !All && !string.Equals(Show, "active", StringComparison.OrdinalIgnoreCase), "show", "show is 'active' or 'all'.")
        .ToDictionary();
}

/// <summary>Who holds a grant, as its site's staff see them.</summary>
public sealed record HolderDto(HolderKind Kind, Guid Id, string Name, string? Organisation, string? Phone, string? Email, bool Anonymised);

/// <summary>A grant as staff see it: the key (doors, window, readiness), its holder, why and by whom.</summary>
public sealed record GrantDto(
    KeyDto Key,
    HolderDto Holder,
    string? Reason,
    Guid IssuedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RevokedAt,
    Guid? RevokedBy,
    string? RevokeReason);

/// <summary>The answer to revoking everything of a person at the caller's sites.</summary>
public sealed record HolderRevokedDto(HolderKind Kind, Guid Id, int Revoked, IReadOnlyList<Guid> Grants);

/// <summary>The answer to an emergency revoke: the grants revoked at the site, and the locks locked down (0 without a lockdown).</summary>
public sealed record SiteRevokedDto(string Site, int Revoked, IReadOnlyList<Guid> Grants, bool Lockdown, int LockedDown);

public sealed record GuestDto(Guid Id, Guid SiteId, string Name, string? Organisation, string? Phone, string? Email, DateTimeOffset CreatedAt, DateTimeOffset? AnonymisedAt);

internal static class GrantInput
{
    public const int MaxWindows = 28;

    public static void ValidatePeriod(ValidationErrors errors, string[]? doors, DateTimeOffset? from, DateTimeOffset? until, ScheduleWindowInput[]? schedule) => errors
        .When(doors is not { Length: > 0 } || doors.Any(d => string.IsNullOrWhiteSpace(d) || d.Length > 64), "doors", "doors lists 1 or more door slugs or ids.")
        .When(from is null, "validFrom", "validFrom is required (ISO 8601 with offset).")
        .When(until is null, "validUntil", "validUntil is required (ISO 8601 with offset).")
        .When(from is not null && until is not null && until <= from, "validUntil", "validUntil must be after validFrom.")
        .When(schedule is { Length: 0 or > MaxWindows }, "schedule", $"schedule has 1-{MaxWindows} windows (leave it out for none).")
        .When(schedule is { Length: > 0 } && TryParse(schedule, out _) is false, "schedule", "Each window has a day (monday-sunday) and a start and end (HH:mm, different; an end before the start runs overnight).");

    /// <summary>The schedule of the request (null when it has none).</summary>
    public static WeeklySchedule? Schedule(ScheduleWindowInput[]? windows) =>
        windows is { Length: > 0 } ? TryParse(windows, out var schedule) ? schedule : throw new ArgumentException("Validate the schedule first.", nameof(windows)) : null;

    private static bool TryParse(ScheduleWindowInput[] windows, out WeeklySchedule? schedule)
    {
        schedule = null;
        var parsed = new List<TimeWindow>();
        foreach (var w in windows)
        {
            if (!Enum.TryParse<DayOfWeek>(w.Day, ignoreCase: true, out var day) || int.TryParse(w.Day, out _)
                || !TimeOnly.TryParseExact(w.Start, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start)
                || !TryParseEnd(w.End, out var end) || (start == end && end != TimeOnly.MinValue))
            {
                return false;
            }

            parsed.Add(new TimeWindow(day, start, end));
        }

        schedule = new WeeklySchedule(parsed);
        return true;
    }

    private static bool TryParseEnd(string? text, out TimeOnly end)
    {
        end = TimeOnly.MinValue;
        return text == "24:00" || TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out end);
    }
}

/// <summary>What counts as a phone number and an e-mail address for a guest.</summary>
public static class GuestContact
{
    public static bool IsPhone(string phone)
    {
        var digits = phone.Replace(" ", string.Empty, StringComparison.Ordinal);
        digits = digits.StartsWith('+') ? digits[1..] : digits;
        return digits.Length is >= 8 and <= 15 && digits.All(char.IsAsciiDigit);
    }

    public static bool IsEmail(string email) => email.Length <= 254 && MailAddress.TryCreate(email, out var parsed) && parsed.Address == email;

    /// <summary>A phone number as stored and sent: digits with a leading + kept, no spaces.</summary>
    public static string NormalisePhone(string phone) => phone.Replace(" ", string.Empty, StringComparison.Ordinal);
}
