using GuestAccess.Domain.Sites;

namespace GuestAccess.Server.Sites;

internal static class SiteLookup
{
    /// <summary>Sites addressed in a route by slug ("dokk1") or by id.</summary>
    public static IQueryable<Site> WhereKey(this IQueryable<Site> sites, string key) =>
        Guid.TryParse(key, out var id) ? sites.Where(s => s.Id == id) : sites.Where(s => s.Slug == key);
}
