using GuestAccess.Domain.Grants;
using GuestAccess.Server.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GuestAccess.Server.Grants;

/// <summary>Grants as their site's staff see them: the key, who holds it (a guest's contact details too), why and by whom.</summary>
public static class GrantViews
{
    public static async Task<IReadOnlyList<GrantDto>> DescribeAsync(GuestAccessDb db, IQueryable<AccessGrant> grants, CancellationToken cancellationToken)
    {
        var found = await grants.AsNoTracking().Include(g => g.Doors).OrderByDescending(g => g.CreatedAt).ToListAsync(cancellationToken);
        var keys = (await KeyViews.DescribeAsync(db, found, cancellationToken)).ToDictionary(k => k.Id);
        var guestIds = found.Where(g => g.HolderKind == HolderKind.Guest).Select(g => g.HolderId).Distinct().ToList();
        var citizenIds = found.Where(g => g.HolderKind == HolderKind.Citizen).Select(g => g.HolderId).Distinct().ToList();
        var guests = await db.Guests.AsNoTracking().Where(g => guestIds.Contains(g.Id)).ToDictionaryAsync(g => g.Id, cancellationToken);
        var citizens = await db.Users.AsNoTracking().Where(u => citizenIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
        return found.Select(g => new GrantDto(
            keys[g.Id],
            g.HolderKind switch
            {
                HolderKind.Guest => guests.TryGetValue(g.HolderId, out var guest)
                    ? new HolderDto(HolderKind.Guest, guest.Id, guest.Name, guest.Organisation, guest.Phone, guest.Email, guest.IsAnonymised)
                    : new HolderDto(HolderKind.Guest, g.HolderId, string.Empty, null, null, null, true),
                HolderKind.Citizen => new HolderDto(HolderKind.Citizen, g.HolderId, citizens.GetValueOrDefault(g.HolderId, string.Empty), null, null, null, false),
            },
            g.Reason,
            g.IssuedBy,
            g.CreatedAt,
            g.RevokedAt,
            g.RevokedBy,
            g.RevokeReason)).ToList();
    }

    public static GuestDto Describe(Guest guest) =>
        new(guest.Id, guest.SiteId, guest.Name, guest.Organisation, guest.Phone, guest.Email, guest.CreatedAt, guest.AnonymisedAt);
}
