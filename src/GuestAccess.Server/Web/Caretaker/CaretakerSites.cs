using GuestAccess.Domain.Locks;
using GuestAccess.Server.Identity.Authorization;
using GuestAccess.Server.Locks.Api;
using GuestAccess.Server.Locks.Store;
using GuestAccess.Server.Persistence;
using GuestAccess.Server.Sites;
using Microsoft.EntityFrameworkCore;

namespace GuestAccess.Server.Web.Caretaker;

/// <summary>A site the caller manages, by slug or id; anything else is not found.</summary>
public sealed record ManagedSite(Guid Id, string Slug, string Name);

/// <summary>One site's doors at a glance: how many locks are online, how many are locked down.</summary>
public sealed record SiteOverview(ManagedSite Site, int Locks, int Online, int Offline, int OutOfSync, bool Lockdown);

/// <summary>
/// The caretaker pages' reads, each scoped to the sites the caller manages inside the query
/// (a caretaker's own sites; every site for an administrator), exactly like the lock API.
/// </summary>
public sealed class CaretakerSites(GuestAccessDb db, CurrentUser caller)
{
    public Task<ManagedSite?> FindAsync(string key, CancellationToken cancellationToken) =>
        db.Sites.AsNoTracking().WhereKey(key).WhereSiteIn(caller.ManagedSites, s => s.Id)
            .Select(s => new ManagedSite(s.Id, s.Slug, s.Name)).SingleOrDefaultAsync(cancellationToken);

    public async Task<IReadOnlyList<SiteOverview>> OverviewAsync(CancellationToken cancellationToken)
    {
        var sites = await db.Sites.AsNoTracking().WhereSiteIn(caller.ManagedSites, s => s.Id).OrderBy(s => s.Name)
            .Select(s => new ManagedSite(s.Id, s.Slug, s.Name)).ToListAsync(cancellationToken);
        var ids = sites.Select(s => s.Id).ToList();
        var locks = await (from l in db.Locks.AsNoTracking()
                           where ids.Contains(l.SiteId) && l.Lifecycle != LockLifecycle.Decommissioned
                           join state in db.LockSyncStates() on l.Id equals state.LockId into states
                           from state in states.DefaultIfEmpty()
                           select new { l.SiteId, l.Connectivity, InSync = l.AppliedVersion == l.DesiredVersion, Lockdown = state != null && state.Lockdown })
            .ToListAsync(cancellationToken);
        return sites.Select(s =>
        {
            var mine = locks.Where(l => l.SiteId == s.Id).ToList();
            return new SiteOverview(s, mine.Count, mine.Count(l => l.Connectivity == LockConnectivity.Online), mine.Count(l => l.Connectivity == LockConnectivity.Offline),
                mine.Count(l => !l.InSync), mine.Any(l => l.Lockdown));
        }).ToList();
    }

    /// <summary>The site's locks with their state (the same view as <c>GET /api/v1/sites/{site}/locks</c>).</summary>
    public Task<List<LockDto>> LocksAsync(Guid siteId, CancellationToken cancellationToken) =>
        LockViews.DescribeAsync(db, db.Locks.Where(l => l.SiteId == siteId).WhereSiteIn(caller.ManagedSites, l => l.SiteId), cancellationToken);

    /// <summary>One lock by lock id or GUID, if its site is managed by the caller.</summary>
    public async Task<LockDto?> LockAsync(string key, CancellationToken cancellationToken) =>
        (await LockViews.DescribeAsync(db, LockViews.Find(db, caller.ManagedSites, key), cancellationToken)).SingleOrDefault();

    /// <summary>The doors of a managed site, entrances first.</summary>
    public Task<List<SiteDoor>> DoorsAsync(Guid siteId, CancellationToken cancellationToken) =>
        db.Doors.AsNoTracking().Where(d => d.SiteId == siteId).WhereSiteIn(caller.ManagedSites, d => d.SiteId)
            .OrderBy(d => d.Kind).ThenBy(d => d.Name).Select(d => new SiteDoor(d.Slug, d.Name, d.Kind)).ToListAsync(cancellationToken);

    /// <summary>The sites the caller manages, by name.</summary>
    public Task<List<ManagedSite>> SitesAsync(CancellationToken cancellationToken) =>
        db.Sites.AsNoTracking().WhereSiteIn(caller.ManagedSites, s => s.Id).OrderBy(s => s.Name)
            .Select(s => new ManagedSite(s.Id, s.Slug, s.Name)).ToListAsync(cancellationToken);
}

/// <summary>A door as the grant form offers it.</summary>
public sealed record SiteDoor(string Slug, string Name, Domain.Doors.DoorKind Kind);
