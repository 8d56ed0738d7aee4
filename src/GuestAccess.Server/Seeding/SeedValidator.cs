using GuestAccess.Domain.Common;
using GuestAccess.Domain.Doors;
using GuestAccess.Domain.Identity;
using GuestAccess.Server.Identity.TokenService;

namespace GuestAccess.Server.Seeding;

/// <summary>The rules a seed file must follow beyond its JSON shape.</summary>
internal static class SeedValidator
{
    public static void ValidateSite(SiteSeed site, Located at, Dictionary<string, string> seenSlugs)
    {
        Unique(site.Slug, "$.slug", at, seenSlugs);
        Require(Names.MaxLength >= site.Name.Trim().Length && site.Name.Trim().Length > 0, at, "$.name", "A name has 1-200 characters.");
        Require(TimeZoneInfo.TryFindSystemTimeZoneById(site.TimeZone, out _), at, "$.timeZone", $"Unknown time zone '{site.TimeZone}'.");
        Require(site.MinimumAge is >= 0 and <= 18, at, "$.minimumAge", "The minimum age must be between 0 and 18.");
        if (site.Coordinates is { } c)
        {
            Require(c.Latitude is >= -90 and <= 90 && c.Longitude is >= -180 and <= 180, at, "$.coordinates", "Coordinates are out of range.");
        }

        if (site.Policy is { } p)
        {
            Require(p.MaxActiveBookingsPerCitizen is null or (>= 1 and <= 100), at, "$.policy.maxActiveBookingsPerCitizen", "Must be between 1 and 100.");
            Require(p.KeyGraceBeforeMinutes is null or (>= 0 and <= 120), at, "$.policy.keyGraceBeforeMinutes", "Must be between 0 and 120 minutes.");
            Require(p.KeyGraceAfterMinutes is null or (>= 0 and <= 120), at, "$.policy.keyGraceAfterMinutes", "Must be between 0 and 120 minutes.");
        }

        for (var i = 0; i < site.OpeningHours.Weekly.Length; i++)
        {
            var w = site.OpeningHours.Weekly[i];
            Require(w.Staffed is not null || w.SelfService is not null || w.BuildingOnly is not null, at, $"$.openingHours.weekly[{i}]", "Give at least one of staffed, selfService or buildingOnly.");
        }

        var dates = new HashSet<DateOnly>();
        var exceptions = site.OpeningHours.Exceptions ?? [];
        for (var i = 0; i < exceptions.Length; i++)
        {
            Require(dates.Add(exceptions[i].Date), at, $"$.openingHours.exceptions[{i}].date", $"A second exception for {exceptions[i].Date:yyyy-MM-dd}.");
            Require(exceptions[i].Name.Trim().Length is > 0 and <= 100, at, $"$.openingHours.exceptions[{i}].name", "A name has 1-100 characters.");
        }

        Require(site.Doors.Any(d => d.Kind == DoorKind.Entrance), at, "$.doors", "A site needs at least one entrance door.");
        for (var i = 0; i < site.Doors.Length; i++)
        {
            Unique(site.Doors[i].Slug, $"$.doors[{i}].slug", at, seenSlugs);
            Require(site.Doors[i].Name.Trim().Length is > 0 and <= Names.MaxLength, at, $"$.doors[{i}].name", "A name has 1-200 characters.");
        }

        for (var i = 0; i < site.Rooms.Length; i++)
        {
            var room = site.Rooms[i];
            var path = $"$.rooms[{i}]";
            Unique(room.Slug, path + ".slug", at, seenSlugs);
            Require(room.Capacity is >= 1 and <= 10_000, at, path + ".capacity", "Capacity must be between 1 and 10000.");
            Require(room.Doors.Length > 0, at, path + ".doors", "A room needs at least one door.");
            for (var j = 0; j < room.Doors.Length; j++)
            {
                Unique(room.Doors[j].Slug, $"{path}.doors[{j}].slug", at, seenSlugs);
            }

            try
            {
                SeedMapping.Rules(room.Rules).Validated();
            }
            catch (DomainException e)
            {
                throw at.Error(path + ".rules", e.Message);
            }
        }
    }

    public static void ValidateAccounts(AccountsSeed seed, Located at, IReadOnlySet<string> siteSlugs)
    {
        var emails = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < seed.Accounts.Length; i++)
        {
            var account = seed.Accounts[i];
            var path = $"$.accounts[{i}]";
            Require(account.Email.Length <= 254 && account.Email.IndexOf('@', StringComparison.Ordinal) > 0, at, path + ".email", $"'{account.Email}' is not an e-mail address.");
            Require(emails.Add(account.Email), at, path + ".email", $"A second account for {account.Email}.");
            Require(account.Password.Length >= 8, at, path + ".password", "A password has at least 8 characters.");
            Require(account.Roles.Length > 0, at, path + ".roles", "An account needs at least one role.");
            ValidateRoles(account.Roles, at, path, siteSlugs);
        }
    }

    public static void ValidateClients(ClientsSeed seed, Located at, IReadOnlySet<string> siteSlugs)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < seed.Clients.Length; i++)
        {
            var client = seed.Clients[i];
            var path = $"$.clients[{i}]";
            Require(Slug.IsValid(client.ClientId), at, path + ".clientId", $"'{client.ClientId}' is not a valid client id (lowercase letters, digits and single hyphens).");
            Require(ids.Add(client.ClientId), at, path + ".clientId", $"A second client '{client.ClientId}'.");
            Require(client.DisplayName.Trim().Length is > 0 and <= 200, at, path + ".displayName", "A name has 1-200 characters.");
            Require(client.Secret is null || client.Secret.Length >= 16, at, path + ".secret", "A client secret has at least 16 characters.");
            Require(client.GrantTypes.Length > 0 && client.GrantTypes.All(GrantTypes.All.Contains), at, path + ".grantTypes", $"Grant types are {string.Join(", ", GrantTypes.All)}.");
            Require(client.Scopes.Length > 0 && client.Scopes.All(Scopes.All.Contains), at, path + ".scopes", $"Scopes are {string.Join(", ", Scopes.All)}.");
            Require(!client.GrantTypes.Contains("client_credentials") || client.Secret is not null, at, path + ".secret", "Client credentials need a secret.");
            Require(!client.GrantTypes.Contains("authorization_code") || client.RedirectUris is { Length: > 0 }, at, path + ".redirectUris", "The authorization code flow needs at least one redirect URI.");
            foreach (var uri in (client.RedirectUris ?? []).Concat(client.PostLogoutRedirectUris ?? []))
            {
                Require(Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.Fragment.Length == 0 && !uri.Contains(' ', StringComparison.Ordinal), at, path + ".redirectUris", $"'{uri}' is not an absolute URI without a fragment.");
            }

            ValidateRoles(client.Roles ?? [], at, path, siteSlugs);
        }
    }

    private static void ValidateRoles(RoleSeed[] roles, Located at, string path, IReadOnlySet<string> siteSlugs)
    {
        for (var j = 0; j < roles.Length; j++)
        {
            var role = roles[j];
            var rolePath = $"{path}.roles[{j}]";
            var sites = role.Sites ?? [];
            Require(role.Role is not (Role.Citizen or Role.Admin) || sites.Length == 0, at, rolePath + ".sites", $"The {role.Role} role is not scoped to sites.");
            Require(role.Role != Role.Caretaker || sites.Length > 0, at, rolePath + ".sites", "A caretaker needs at least one site.");
            foreach (var site in sites)
            {
                Require(siteSlugs.Contains(site), at, rolePath + ".sites", $"Unknown site '{site}'.");
            }
        }
    }

    private static void Unique(string slug, string path, Located at, Dictionary<string, string> seen)
    {
        Require(Slug.IsValid(slug), at, path, $"'{slug}' is not a valid slug (lowercase letters, digits and single hyphens, at most {Slug.MaxLength}).");
        if (!seen.TryAdd(slug, at.File))
        {
            throw at.Error(path, $"The slug '{slug}' is already used in {Path.GetFileName(seen[slug])}; slugs are unique across sites, doors and rooms.");
        }
    }

    private static void Require(bool condition, Located at, string path, string message)
    {
        if (!condition)
        {
            throw at.Error(path, message);
        }
    }
}
