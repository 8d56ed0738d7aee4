using GuestAccess.Domain.Sites;
using GuestAccess.Server.Audit;
using GuestAccess.Server.Identity.Authorization;
using GuestAccess.Server.Locks.Api;
using GuestAccess.Server.Locks.Provisioning;
using GuestAccess.Server.Persistence;
using GuestAccess.Server.Sites;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace GuestAccess.Server.Web.Pages.Admin;

/// <summary>
/// One site as the administrator sees it: weekly opening hours (staffed, self-service, building
/// only), exceptions and holiday closures, rooms, doors and their locks; lock provisioning (the
/// new credentials are shown in this one response, never stored or shown again) and decommissioning.
/// Sites, hours, rooms and doors are edited on their own pages (settings, hours, rooms/{room}, doors/{door}), linked from here.
/// </summary>
public sealed class SiteModel(GuestAccessDb db, LockProvisioningService provisioning, BundleFactory bundles, IAuditTrail audit, CurrentUser caller) : PageModel
{
    public Site Site { get; private set; } = null!;

    public IReadOnlyList<(string Slug, string Name, int Capacity)> Rooms { get; private set; } = [];

    public IReadOnlyList<(string Slug, string Name, Domain.Doors.DoorKind Kind)> Doors { get; private set; } = [];

    /// <summary>The notice of a change saved on an edit page (post, redirect, get).</summary>
    public string? Saved { get; private set; }

    public IReadOnlyList<LockDto> Locks { get; private set; } = [];

    public IReadOnlyList<(string Slug, string Name, Domain.Doors.DoorKind Kind)> DoorsWithoutLock { get; private set; } = [];

    /// <summary>A provisioning bundle issued by this very request (shown once).</summary>
    public string? Bundle { get; private set; }

    public string? Notice { get; private set; }

    public async Task<IActionResult> OnGetAsync(string site, CancellationToken cancellationToken)
    {
        Saved = Web.Admin.AdminNotice.Take(TempData);
        return await LoadAsync(site, cancellationToken) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostProvisionAsync(string site, string? @lock, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(site, cancellationToken) || Locks.FirstOrDefault(l => l.LockId == @lock) is not { } target)
        {
            return NotFound();
        }

        var issued = await provisioning.ProvisionAsync([target.Id], cancellationToken);
        await LockAudit.LockAdministeredAsync(audit, "lock.provisioned", caller.RequiredUserId, Site.Id, target.DoorId, target.Id, cancellationToken);
        Bundle = bundles.Create(issued).ToJson();
        await LoadAsync(site, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostDecommissionAsync(string site, string? @lock, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(site, cancellationToken) || Locks.FirstOrDefault(l => l.LockId == @lock) is not { } target)
        {
            return NotFound();
        }

        await provisioning.DecommissionAsync(target.Id, cancellationToken);
        await LockAudit.LockAdministeredAsync(audit, "lock.decommissioned", caller.RequiredUserId, Site.Id, target.DoorId, target.Id, cancellationToken);
        await LoadAsync(site, cancellationToken);
        Notice = target.LockId;
        return Page();
    }

    private async Task<bool> LoadAsync(string key, CancellationToken cancellationToken)
    {
        if (await db.Sites.AsNoTracking().WhereKey(key).SingleOrDefaultAsync(cancellationToken) is not { } site)
        {
            return false;
        }

        Site = site;
        Rooms = (await db.Rooms.AsNoTracking().Where(r => r.SiteId == site.Id).OrderBy(r => r.Name).Select(r => new { r.Slug, r.Name, r.Capacity }).ToListAsync(cancellationToken))
            .Select(r => (r.Slug, r.Name, r.Capacity)).ToList();
        Locks = await LockViews.DescribeAsync(db, db.Locks.Where(l => l.SiteId == site.Id), cancellationToken);
        var withLock = Locks.Select(l => l.DoorId).ToHashSet();
        var doors = await db.Doors.AsNoTracking().Where(d => d.SiteId == site.Id).OrderBy(d => d.Kind).ThenBy(d => d.Name).Select(d => new { d.Id, d.Slug, d.Name, d.Kind }).ToListAsync(cancellationToken);
        Doors = doors.Select(d => (d.Slug, d.Name, d.Kind)).ToList();
        DoorsWithoutLock = doors.Where(d => !withLock.Contains(d.Id)).Select(d => (d.Slug, d.Name, d.Kind)).ToList();
        return true;
    }
}
