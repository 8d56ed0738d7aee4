using GuestAccess.Domain.Sites;
using GuestAccess.Server.Infrastructure.Validation;

namespace GuestAccess.Server.Sites;

/// <summary>Body of <c>POST /api/v1/admin/sites</c>. The slug and time zone are fixed once created.</summary>
public sealed record CreateSiteRequest(string? Slug, string? Name, string? TimeZone, AddressDto? Address, int? MinimumAge, SitePolicyDto? Policy) : IValidatable
{
    public const string DefaultTimeZone = "Europe/Copenhagen";

    public IDictionary<string, string[]> Validate() => new ValidationErrors()
        .When(string.IsNullOrWhiteSpace(Slug), "slug", "Angiv et kortnavn. / Give a short name.")
        .When(!AdminChecks.IsName(Name), "name", "Angiv et navn på 1-200 tegn. / Give a name of 1-200 characters.")
        .ToDictionary();

    public SiteSettings Settings() => AdminSiteDtos.Settings(Name!, Address, MinimumAge, Policy);
}

/// <summary>Body of <c>PUT /api/v1/admin/sites/{site}</c>: the whole set of changeable settings.</summary>
public sealed record UpdateSiteRequest(string? Name, AddressDto? Address, int? MinimumAge, SitePolicyDto? Policy) : IValidatable
{
    public IDictionary<string, string[]> Validate() => new ValidationErrors()
        .When(!AdminChecks.IsName(Name), "name", "Angiv et navn på 1-200 tegn. / Give a name of 1-200 characters.")
        .ToDictionary();

    public SiteSettings Settings() => AdminSiteDtos.Settings(Name!, Address, MinimumAge, Policy);
}

/// <summary>Answer of <c>PUT /api/v1/admin/sites/{site}/opening-hours</c>: upcoming bookings now (partly) outside the hours are kept, and counted here.</summary>
public sealed record OpeningHoursChangedDto(string Site, int BookingsOutsideHours);

internal static class AdminSiteDtos
{
    public static SiteSettings Settings(string name, AddressDto? address, int? minimumAge, SitePolicyDto? policy) => new(
        name,
        new Address(address?.Street, address?.PostalCode, address?.City),
        minimumAge ?? 0,
        policy is null
            ? SitePolicy.Default
            : new SitePolicy
            {
                MaxActiveBookingsPerCitizen = policy.MaxActiveBookingsPerCitizen,
                KeyGraceBefore = TimeSpan.FromMinutes(policy.KeyGraceBeforeMinutes),
                KeyGraceAfter = TimeSpan.FromMinutes(policy.KeyGraceAfterMinutes),
            });
}
