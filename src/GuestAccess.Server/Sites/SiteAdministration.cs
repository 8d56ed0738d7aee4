using System.Globalization;
using GuestAccess.Domain.Bookings;
using GuestAccess.Domain.Common;
using GuestAccess.Domain.Sites;
using GuestAccess.Server.Audit;
using GuestAccess.Server.Infrastructure.Problems;
using GuestAccess.Server.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GuestAccess.Server.Sites;

/// <summary>What an administrator sets on a site (the slug and time zone are set once, at creation).</summary>
public sealed record SiteSettings(string Name, Address Address, int MinimumAge, SitePolicy Policy);

/// <summary>Opening hours saved; the upcoming bookings that now lie (partly) outside them are kept and counted.</summary>
public sealed record HoursChanged(Site Site, int BookingsOutsideHours);

/// <summary>
/// Administrators create and change sites and their opening hours (API and web UI call this one
/// service). Every change is audited after it is saved. New hours apply at once: availability and
/// the booking rules read them from the database on every request. Bookings already made are not
/// moved or cancelled by new hours; how many now fall outside them is reported. The locks do not
/// know opening hours (docs/lock-protocol.md: credentials carry their own windows), so nothing is
/// sent to them.
/// </summary>
public sealed class SiteAdministration(GuestAccessDb db, IAuditTrail audit, TimeProvider clock)
{
    public const int MaxActiveBookingsLimit = 100;
    public const int MaxGraceMinutes = 120;

    public async Task<AdminResult<Site>> CreateAsync(string slug, string timeZone, SiteSettings settings, Guid actor, CancellationToken cancellationToken)
    {
        if (!Slug.IsValid(slug) || slug == "new")
        {
            return new AdminRefusal(ErrorCatalog.InvalidSlug, "1-64 a-z, 0-9 og enkelte '-' (ikke 'new'). / 1-64 of a-z, 0-9 and single '-' (not 'new').", "slug");
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out _))
        {
            return new AdminRefusal(ErrorCatalog.UnknownTimeZone, $"Unknown time zone '{timeZone}'.", "timeZone");
        }

        if (await db.Sites.AnyAsync(s => s.Slug == slug, cancellationToken))
        {
            return new AdminRefusal(ErrorCatalog.SlugTaken, $"A site '{slug}' exists already.", "slug");
        }

        var site = new Site(Guid.NewGuid(), slug, settings.Name, timeZone);
        if (Apply(site, settings) is { } refused)
        {
            return refused;
        }

        db.Sites.Add(site);
        await db.SaveChangesAsync(cancellationToken);
        await AdministrationAudit.RecordAsync(audit, "site.created", actor, site.Id, Subject(site), Describe(site), cancellationToken);
        return site;
    }

    public async Task<AdminResult<Site>> UpdateAsync(string key, SiteSettings settings, Guid actor, CancellationToken cancellationToken)
    {
        if (await db.Sites.WhereKey(key).SingleOrDefaultAsync(cancellationToken) is not { } site)
        {
            return new AdminRefusal(ErrorCatalog.SiteNotFound, $"No site '{key}'.");
        }

        if (Apply(site, settings) is { } refused)
        {
            return refused;
        }

        await db.SaveChangesAsync(cancellationToken);
        await AdministrationAudit.RecordAsync(audit, "site.updated", actor, site.Id, Subject(site), Describe(site), cancellationToken);
        return site;
    }

    public async Task<AdminResult<HoursChanged>> SetOpeningHoursAsync(string key, OpeningHours hours, Guid actor, CancellationToken cancellationToken)
    {
        if (await db.Sites.WhereKey(key).SingleOrDefaultAsync(cancellationToken) is not { } site)
        {
            return new AdminRefusal(ErrorCatalog.SiteNotFound, $"No site '{key}'.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // Owned rows keep their keys: clear first so changed periods are replaced, not clashed.
        site.SetOpeningHours(OpeningHours.Closed);
        await db.SaveChangesAsync(cancellationToken);
        site.SetOpeningHours(hours);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        var now = clock.GetUtcNow();
        var upcoming = await db.Bookings.AsNoTracking()
            .Where(b => b.SiteId == site.Id && b.Status == BookingStatus.Confirmed && b.End > now)
            .Select(b => new { b.Start, b.End }).ToListAsync(cancellationToken);
        var outside = upcoming.Count(b => !CoveredByOpenSpan(hours, site.TimeZone, b.Start, b.End));
        await AdministrationAudit.RecordAsync(
            audit,
            "site.opening_hours_changed",
            actor,
            site.Id,
            Subject(site),
            [new("weekly", Weekly(hours)), new("exceptions", hours.Exceptions.Count().ToString(CultureInfo.InvariantCulture)),
             new("holidayClosures", hours.HolidayClosures.ToString()), new("bookingsOutsideHours", outside.ToString(CultureInfo.InvariantCulture))],
            cancellationToken);
        return new HoursChanged(site, outside);
    }

    private static bool CoveredByOpenSpan(OpeningHours hours, TimeZoneInfo zone, DateTimeOffset start, DateTimeOffset end) =>
        hours.OpenSpanAt(start, zone) is { } span && span.End >= end;

    private static AdminRefusal? Apply(Site site, SiteSettings settings)
    {
        if (settings.MinimumAge is < Site.MinAllowedAge or > Site.MaxAllowedAge)
        {
            return new AdminRefusal(ErrorCatalog.InvalidMinimumAge, $"{Site.MinAllowedAge}-{Site.MaxAllowedAge}.", "minimumAge");
        }

        var p = settings.Policy;
        if (p.MaxActiveBookingsPerCitizen is < 1 or > MaxActiveBookingsLimit
            || p.KeyGraceBefore < TimeSpan.Zero || p.KeyGraceBefore > TimeSpan.FromMinutes(MaxGraceMinutes)
            || p.KeyGraceAfter < TimeSpan.Zero || p.KeyGraceAfter > TimeSpan.FromMinutes(MaxGraceMinutes))
        {
            return new AdminRefusal(ErrorCatalog.InvalidSitePolicy, $"Bookings per citizen 1-{MaxActiveBookingsLimit}; key grace 0-{MaxGraceMinutes} minutes.", "policy");
        }

        try
        {
            site.Rename(settings.Name);
        }
        catch (DomainException e)
        {
            return new AdminRefusal(ErrorCatalog.InvalidName, e.Message, "name");
        }

        site.Relocate(Trimmed(settings.Address), site.Coordinates);
        site.SetMinimumAge(settings.MinimumAge);
        site.SetPolicy(settings.Policy);
        return null;
    }

    private static Address Trimmed(Address a) => new(Part(a.Street, 200), Part(a.PostalCode, 16), Part(a.City, 100));

    private static string? Part(string? text, int max) => string.IsNullOrWhiteSpace(text) ? null : text.Trim()[..Math.Min(text.Trim().Length, max)];

    private static string Subject(Site site) => $"site:{site.Id:D}";

    private static KeyValuePair<string, string?>[] Describe(Site site) =>
    [
        new("slug", site.Slug),
        new("name", site.Name),
        new("minimumAge", site.MinimumAge.ToString(CultureInfo.InvariantCulture)),
        new("maxActiveBookingsPerCitizen", site.Policy.MaxActiveBookingsPerCitizen.ToString(CultureInfo.InvariantCulture)),
        new("keyGraceBeforeMinutes", site.Policy.KeyGraceBefore.TotalMinutes.ToString(CultureInfo.InvariantCulture)),
        new("keyGraceAfterMinutes", site.Policy.KeyGraceAfter.TotalMinutes.ToString(CultureInfo.InvariantCulture)),
    ];

    /// <summary>"mon 08:00-22:00 staffed; …" (days without hours left out).</summary>
    private static string Weekly(OpeningHours hours) => string.Join("; ", Enum.GetValues<DayOfWeek>()
        .Where(d => hours.WeeklyPeriods(d).Count > 0)
        .Select(d => $"{d.ToString()[..3].ToLowerInvariant()} " + string.Join(", ", hours.WeeklyPeriods(d).Select(p => $"{SiteMapping.Time(p.Start, false)}-{SiteMapping.Time(p.End, true)} {p.Kind}"))));
}
